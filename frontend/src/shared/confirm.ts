import { ElMessageBox } from 'element-plus'
import { i18n } from '@/app/i18n'

/** Ask before deleting; true when the user confirmed. */
export async function confirmDeletion(message: string): Promise<boolean> {
  const { t } = i18n.global
  try {
    await ElMessageBox.confirm(message, t('common.areYouSure'), {
      type: 'warning',
      confirmButtonText: t('common.delete'),
      cancelButtonText: t('common.cancel'),
    })
    return true
  } catch {
    return false
  }
}
