"""What rendering needs from the operating system, and saying plainly what is missing (issue 10 §3).

weasyprint loads Pango and HarfBuzz when imported; without HarfBuzz's subsetting library it falls back to a
pure-Python subsetter that takes seconds a page, and without a CJK font covering Extension B the Chinese shows
as empty boxes. Debian package names are given because that is what README's two commands install.
"""

from __future__ import annotations

import glob
import os
import threading
from functools import lru_cache

FONT_FAMILY = "Noto Serif CJK SC"  # named in pdf/templates/*.css
FONT_FILES = ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular.otf", "NotoSerifSC-Regular.otf")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.local/share/fonts"),
             os.path.expanduser("~/.fonts"))
PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk"
HOW_TO = f"Debian/Ubuntu：apt-get install -y {PACKAGES}（或执行 scripts/system-deps）"


class RenderingUnavailable(RuntimeError):
    """The system lacks what rendering needs: the message names it, in Chinese."""


def problems() -> list[str]:
    """Each missing piece, in Chinese with its Debian package; empty when rendering can work."""
    found: list[str] = []
    try:
        from weasyprint.text import ffi
    except OSError as e:  # Pango or HarfBuzz itself cannot be loaded
        return [f"缺少 Pango/HarfBuzz 系统库（libpango-1.0-0、libpangoft2-1.0-0）：{e}"]
    except ImportError as e:
        return [f"缺少 Python 包 weasyprint：{e}（pip install -e .）"]
    if getattr(ffi, "harfbuzz_subset", None) is None:
        found.append("缺少 HarfBuzz 字体子集库（libharfbuzz-subset0）：没有它每页需数秒")
    if not any(glob.glob(os.path.join(d, "**", name), recursive=True) for d in FONT_DIRS for name in FONT_FILES):
        found.append(f"缺少中文字体 {FONT_FAMILY}（fonts-noto-cjk）：生僻字（如 𠮷）会显示为方框")
    return found


_checked = threading.Lock()


@lru_cache
def weasyprint():
    """The weasyprint module, once the system is known to have what it needs."""
    with _checked:
        missing = problems()
        if missing:
            raise RenderingUnavailable("无法生成协议书 PDF：" + "；".join(missing) + "。安装方法：" + HOW_TO)
        import weasyprint as module

        return module


@lru_cache
def font_config():
    """One per process: it caches the fonts found and their subsets' sources (REFERENCE: PDF)."""
    from weasyprint.text.fonts import FontConfiguration

    weasyprint()
    return FontConfiguration()
