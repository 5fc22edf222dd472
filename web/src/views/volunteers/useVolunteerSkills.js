// The skills of data/volunteers/skills.json as the server lists them, loaded once per page, and
// their names in the interface's language.
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { listVolunteerSkills } from '../../api/volunteers.js'
import { skillName } from './volunteersLogic.js'

export function useVolunteerSkills() {
  const { locale } = useI18n()
  const skills = ref([])
  const loadSkills = async () => {
    skills.value = (await listVolunteerSkills()).items
  }
  const nameOf = (code) => skillName(skills.value, code, locale.value)
  return { skills, loadSkills, nameOf }
}
