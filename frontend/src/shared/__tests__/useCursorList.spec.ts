import { describe, expect, it, vi } from 'vitest'
import { useCursorList, type CursorPage } from '../composables/useCursorList'

function page(items: number[], next: string | null, count = 3, capped = false): CursorPage<number> {
  return { items, next_cursor: next, count, count_capped: capped }
}

describe('useCursorList', () => {
  it('appends the next page with its cursor and starts over on reload', async () => {
    const fetchPage = vi.fn(async (cursor: string | null) => (cursor ? page([3], null) : page([1, 2], 'c2')))
    const list = useCursorList(fetchPage)
    await list.reload()
    expect(list.items.value).toEqual([1, 2])
    expect(list.nextCursor.value).toBe('c2')
    await list.loadMore()
    expect(fetchPage).toHaveBeenLastCalledWith('c2')
    expect(list.items.value).toEqual([1, 2, 3])
    expect(list.nextCursor.value).toBeNull()
    await list.reload()
    expect(list.items.value).toEqual([1, 2])
  })

  it('drops an older answer that arrives after a newer reload', async () => {
    let release: (value: CursorPage<number>) => void = () => {}
    const slow = new Promise<CursorPage<number>>((resolve) => (release = resolve))
    const fetchPage = vi.fn().mockReturnValueOnce(slow).mockResolvedValueOnce(page([9], null, 1))
    const list = useCursorList<number>(fetchPage)
    const first = list.reload()
    await list.reload()
    release(page([1, 2], 'c2'))
    await first
    expect(list.items.value).toEqual([9])
    expect(list.count.value).toBe(1)
  })
})
