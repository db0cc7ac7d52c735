import { computed, ref, type Ref, type WritableComputedRef } from 'vue'

/** One dialog open at a time on a page: `dialog` names it, `shown(name)` is that dialog's v-model. */
export function useDialogSwitch<Name extends string>() {
  const dialog = ref(null) as Ref<Name | null>
  const shown = (name: Name): WritableComputedRef<boolean> =>
    computed({
      get: () => dialog.value === name,
      set: (open: boolean) => {
        dialog.value = open ? name : null
      },
    })
  return { dialog, shown }
}
