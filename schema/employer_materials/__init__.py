"""Employers' qualification materials (单位资质材料), issue 12 §5."""

from schema.employer_materials.delete_employer_material import Mutation as DeleteEmployerMaterial
from schema.employer_materials.queries import Query
from schema.employer_materials.set_employer_legal_representative import Mutation as SetEmployerLegalRepresentative
from schema.employer_materials.set_employer_materials_checked import Mutation as SetEmployerMaterialsChecked
from schema.employer_materials.upload_employer_material import Mutation as UploadEmployerMaterial

queries = [Query]
mutations = [UploadEmployerMaterial, DeleteEmployerMaterial, SetEmployerLegalRepresentative,
             SetEmployerMaterialsChecked]
