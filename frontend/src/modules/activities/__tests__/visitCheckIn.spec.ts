import { afterEach, describe, expect, it, vi } from 'vitest'
import { isoWeekOf, mondayOf, weekKey } from '../composables/visitWeek'
import { readPosition, useVisitCheckIn } from '../composables/useVisitCheckIn'
import * as followUps from '../followUpsApi'
import * as api from '../visitsApi'
import type { Visit } from '../visitsApi'

vi.mock('../visitsApi', async (original) => {
  const real = await original<typeof api>()
  return { ...real, getVisit: vi.fn(), checkIn: vi.fn(), checkInUnplanned: vi.fn(), checkOut: vi.fn() }
})
vi.mock('../followUpsApi', async (original) => {
  const real = await original<typeof followUps>()
  return { ...real, uploadActivityFile: vi.fn() }
})

function visit(extra: Partial<Visit> = {}): Visit {
  return {
    id: 4,
    status: 'planned',
    purpose: '方案交流',
    record_type: 'customers',
    record_id: 11,
    record_name: '明达科技',
    customer_id: 11,
    customer_name: '明达科技',
    customer_has_location: true,
    contact_id: null,
    contact_name: null,
    opportunity_id: null,
    opportunity_name: null,
    owner_id: 3,
    owner_name: '王芳',
    department_id: 2,
    department_name: '上海组',
    planned_at: '2031-03-03T10:00:00+08:00',
    planned_minutes: 60,
    check_in_at: null,
    check_in_latitude: null,
    check_in_longitude: null,
    check_in_accuracy_m: null,
    check_in_distance_m: null,
    is_far: false,
    check_out_at: null,
    check_out_latitude: null,
    check_out_longitude: null,
    check_out_accuracy_m: null,
    attachment_count: 0,
    can_edit: true,
    created_at: '2031-03-01T10:00:00+08:00',
    updated_at: '2031-03-01T10:00:00+08:00',
    version: 1,
    ...extra,
  }
}

/** A phone that answers with a fixed position, or fails with a W3C error code. */
function phone(answer: { latitude: number; longitude: number; accuracy: number } | { code: number }) {
  const getCurrentPosition = vi.fn((ok: PositionCallback, fail?: PositionErrorCallback | null, _options?: PositionOptions) => {
    if ('code' in answer) fail?.({ code: answer.code } as GeolocationPositionError)
    else ok({ coords: { latitude: answer.latitude, longitude: answer.longitude, accuracy: answer.accuracy } } as GeolocationPosition)
  })
  return { getCurrentPosition } as unknown as Geolocation & { getCurrentPosition: typeof getCurrentPosition }
}

afterEach(() => vi.clearAllMocks())

describe('readPosition', () => {
  it('asks for a fresh high-accuracy fix and maps its coordinates', async () => {
    const device = phone({ latitude: 31.2304, longitude: 121.4737, accuracy: 12.34 })
    expect(await readPosition(device)).toEqual({ latitude: 31.2304, longitude: 121.4737, accuracy_m: 12.3 })
    expect(device.getCurrentPosition.mock.calls[0]?.[2]).toMatchObject({ enableHighAccuracy: true, maximumAge: 0 })
  })

  it('names why there is no position', async () => {
    await expect(readPosition(phone({ code: 1 }))).rejects.toBe('denied')
    await expect(readPosition(phone({ code: 3 }))).rejects.toBe('timeout')
    await expect(readPosition(phone({ code: 2 }))).rejects.toBe('unavailable')
    await expect(readPosition(undefined)).rejects.toBe('unsupported')
  })
})

describe('useVisitCheckIn', () => {
  it('checks in a planned visit with the phone position, then checks out with the summary', async () => {
    const device = phone({ latitude: 31.231, longitude: 121.4737, accuracy: 8 })
    vi.mocked(api.getVisit).mockResolvedValue(visit())
    vi.mocked(api.checkIn).mockResolvedValue(visit({ status: 'checked_in', version: 2, check_in_distance_m: 67 }))
    vi.mocked(api.checkOut).mockResolvedValue({ visit: visit({ status: 'completed', version: 3 }), follow_up: {} as never })
    const state = useVisitCheckIn(() => device)

    await state.load(4)
    expect(await state.locate()).toEqual({ latitude: 31.231, longitude: 121.4737, accuracy_m: 8 })
    await state.checkInHere({ pin: false })
    expect(api.checkIn).toHaveBeenCalledWith(4, expect.objectContaining({ latitude: 31.231, longitude: 121.4737, accuracy_m: 8, version: 1, pin_customer_location: false }))
    expect(state.visit.value?.check_in_distance_m).toBe(67)

    await state.addPhoto(new File(['x'], 'door.jpg', { type: 'image/jpeg' }))
    expect(followUps.uploadActivityFile).toHaveBeenCalledWith('visits', 4, expect.any(File))
    expect(state.photoCount.value).toBe(1)

    const next = new Date('2031-03-10T01:00:00Z')
    await state.checkOutHere('演示顺利', next)
    expect(api.checkOut).toHaveBeenCalledWith(4, expect.objectContaining({ version: 2, summary: '演示顺利', next_follow_up_at: next.toISOString() }))
    expect(state.visit.value?.status).toBe('completed')
  })

  it('starts an unplanned visit at a customer, and does nothing without a position', async () => {
    vi.mocked(api.checkInUnplanned).mockResolvedValue(visit({ id: 8, status: 'checked_in' }))
    const denied = useVisitCheckIn(() => phone({ code: 1 }))
    expect(await denied.checkInHere({ customerId: 11 })).toBeNull()
    expect(denied.locateError.value).toBe('denied')
    expect(api.checkInUnplanned).not.toHaveBeenCalled()

    const state = useVisitCheckIn(() => phone({ latitude: 30.5, longitude: 120.1, accuracy: 20 }))
    const started = await state.checkInHere({ customerId: 11, purpose: '顺路', pin: true })
    expect(started?.id).toBe(8)
    expect(api.checkInUnplanned).toHaveBeenCalledWith(expect.objectContaining({ customer_id: 11, purpose: '顺路', pin_customer_location: true, latitude: 30.5 }))
  })
})

describe('visit weeks', () => {
  it('numbers ISO weeks like the server', () => {
    expect(weekKey(new Date(2030, 0, 7))).toBe('2030-W02')
    expect(weekKey(new Date(2030, 0, 6))).toBe('2030-W01')
    expect(isoWeekOf(new Date(2026, 11, 31))).toEqual({ year: 2026, week: 53 })
    expect(isoWeekOf(new Date(2027, 0, 1))).toEqual({ year: 2026, week: 53 })
    expect(mondayOf(new Date(2030, 0, 13)).getDate()).toBe(7)
  })
})
