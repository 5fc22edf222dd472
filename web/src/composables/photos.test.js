import { describe, it, expect } from 'vitest'
import { photoProblem, MAX_PHOTO_BYTES } from './photos.js'

const file = (name, type, size = 1000) => ({ name, type, size })

describe('photoProblem', () => {
  it('accepts JPEG and PNG photos within the limits', () => {
    expect(photoProblem([file('a.jpg', 'image/jpeg'), file('b.png', 'image/png', MAX_PHOTO_BYTES)], 6)).toBeNull()
    expect(photoProblem([], 6)).toBeNull()
  })
  it('names the first file of another type, then the first too large', () => {
    expect(photoProblem([file('a.jpg', 'image/jpeg'), file('c.gif', 'image/gif')], 6)).toEqual({ key: 'photos.type', params: { name: 'c.gif' } })
    expect(photoProblem([file('big.jpg', 'image/jpeg', MAX_PHOTO_BYTES + 1)], 6)).toEqual({ key: 'photos.size', params: { name: 'big.jpg' } })
  })
  it('counts against the maximum', () => {
    const seven = Array.from({ length: 7 }, (_, i) => file(`${i}.jpg`, 'image/jpeg'))
    expect(photoProblem(seven, 6)).toEqual({ key: 'photos.count', params: { n: 6 } })
    expect(photoProblem(seven, 9)).toBeNull()
  })
})
