import { ref, shallowRef } from 'vue'
import { uploadActivityFile } from '../followUpsApi'
import { checkIn, checkInUnplanned, checkOut, getVisit, type Visit } from '../visitsApi'

/** A phone position as the API takes it. */
export interface PhonePosition {
  latitude: number
  longitude: number
  accuracy_m: number
}

export type LocateError = 'denied' | 'unavailable' | 'timeout' | 'unsupported'

/** Beyond this the position is too vague to pin a customer's location (the server refuses it too). */
export const PIN_MAX_ACCURACY_M = 200

/** Ask the phone where it is, as precisely as it can (GPS), without a cached answer. */
export function readPosition(geolocation: Geolocation | undefined = globalThis.navigator?.geolocation, timeout = 20000): Promise<PhonePosition> {
  return new Promise((resolve, reject) => {
    if (!geolocation) {
      reject('unsupported' satisfies LocateError)
      return
    }
    geolocation.getCurrentPosition(
      (found) =>
        resolve({
          latitude: found.coords.latitude,
          longitude: found.coords.longitude,
          accuracy_m: Math.round(found.coords.accuracy * 10) / 10,
        }),
      (failure) => {
        const code: LocateError = failure.code === 1 ? 'denied' : failure.code === 3 ? 'timeout' : 'unavailable'
        reject(code)
      },
      { enableHighAccuracy: true, maximumAge: 0, timeout },
    )
  })
}

/**
 * The check-in page's state: the visit, the phone's position, check-in (planned or unplanned),
 * photos and check-out. Errors from the API are rethrown for the page to show.
 */
export function useVisitCheckIn(geolocation?: () => Geolocation | undefined) {
  const visit = shallowRef<Visit | null>(null)
  const position = shallowRef<PhonePosition | null>(null)
  const locateError = ref<LocateError | null>(null)
  const isLocating = ref(false)
  const isSaving = ref(false)
  const photoCount = ref(0)

  async function load(id: number): Promise<void> {
    visit.value = await getVisit(id)
    photoCount.value = visit.value.attachment_count
  }

  async function locate(): Promise<PhonePosition | null> {
    isLocating.value = true
    locateError.value = null
    try {
      position.value = await readPosition(geolocation ? geolocation() : undefined)
      return position.value
    } catch (code) {
      locateError.value = (code as LocateError) ?? 'unavailable'
      return null
    } finally {
      isLocating.value = false
    }
  }

  async function saving<T>(work: () => Promise<T>): Promise<T> {
    isSaving.value = true
    try {
      return await work()
    } finally {
      isSaving.value = false
    }
  }

  /** Check in at the loaded visit, or at `customerId` without a plan (the visit is created). */
  async function checkInHere(options: { customerId?: number | null; purpose?: string; pin?: boolean }): Promise<Visit | null> {
    const here = position.value ?? (await locate())
    if (!here) return null
    const pin = options.pin ?? false
    const body = { ...here, address: '', client_at: new Date().toISOString(), pin_customer_location: pin }
    return saving(async () => {
      const current = visit.value
      visit.value = current
        ? await checkIn(current.id, { ...body, version: current.version })
        : await checkInUnplanned({ ...body, customer_id: options.customerId ?? 0, purpose: options.purpose ?? '' })
      return visit.value
    })
  }

  async function addPhoto(file: File): Promise<void> {
    const current = visit.value
    if (!current) return
    await uploadActivityFile('visits', current.id, file)
    photoCount.value += 1
  }

  /** Check out with the summary (logged as a follow-up) and an optional next follow-up time. */
  async function checkOutHere(summary: string, nextFollowUpAt: Date | null): Promise<Visit | null> {
    const current = visit.value
    if (!current) return null
    const here = (await locate()) ?? position.value
    if (!here) return null
    return saving(async () => {
      const result = await checkOut(current.id, {
        ...here,
        address: '',
        client_at: new Date().toISOString(),
        version: current.version,
        summary,
        next_follow_up_at: nextFollowUpAt ? nextFollowUpAt.toISOString() : null,
      })
      visit.value = result.visit
      return result.visit
    })
  }

  return { visit, position, locateError, isLocating, isSaving, photoCount, load, locate, checkInHere, addPhoto, checkOutHere }
}
