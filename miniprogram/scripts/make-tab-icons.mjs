// Draws the five tab-bar icons as small PNGs (81x81, WeChat's recommended size) so the repo needs no
// image tools or icon fonts. Run once: `node scripts/make-tab-icons.mjs`; the PNGs are committed.
import { writeFileSync, mkdirSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const SIZE = 81
const SAMPLES = 4

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(inside, [r, g, b]) {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE)
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0
    for (let x = 0; x < SIZE; x++) {
      let hits = 0
      for (let sy = 0; sy < SAMPLES; sy++)
        for (let sx = 0; sx < SAMPLES; sx++)
          if (inside((x + (sx + 0.5) / SAMPLES) / SIZE, (y + (sy + 0.5) / SAMPLES) / SIZE)) hits++
      const o = y * (SIZE * 4 + 1) + 1 + x * 4
      raw[o] = r
      raw[o + 1] = g
      raw[o + 2] = b
      raw[o + 3] = Math.round((255 * hits) / (SAMPLES * SAMPLES))
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const inCircle = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  if (!inRect(x, y, x0, y0, x1, y1)) return false
  const cx = Math.min(Math.max(x, x0 + r), x1 - r)
  const cy = Math.min(Math.max(y, y0 + r), y1 - r)
  return inCircle(x, y, cx, cy, r)
}
const ring = (x, y, x0, y0, x1, y1, r, w) =>
  inRoundRect(x, y, x0, y0, x1, y1, r) && !inRoundRect(x, y, x0 + w, y0 + w, x1 - w, y1 - w, Math.max(r - w, 0))

const shapes = {
  // A house: roof triangle over a body with a door.
  home: (x, y) => {
    const roof = y >= 0.14 && y <= 0.48 && Math.abs(x - 0.5) <= (y - 0.14) * 1.25
    const body = inRect(x, y, 0.24, 0.44, 0.76, 0.86)
    const door = inRect(x, y, 0.43, 0.62, 0.57, 0.86)
    return (roof || body) && !door
  },
  // A document with text lines: requests and services.
  affairs: (x, y) =>
    ring(x, y, 0.2, 0.12, 0.8, 0.88, 0.08, 0.08) ||
    inRect(x, y, 0.32, 0.32, 0.68, 0.38) ||
    inRect(x, y, 0.32, 0.47, 0.68, 0.53) ||
    inRect(x, y, 0.32, 0.62, 0.56, 0.68),
  // A speech bubble with three dots: discussion.
  consult: (x, y) => {
    const bubble = inRoundRect(x, y, 0.12, 0.18, 0.88, 0.7, 0.14)
    const tail = y >= 0.68 && y <= 0.86 && x >= 0.26 && x <= 0.26 + (0.86 - y) * 1.2
    const dot = inCircle(x, y, 0.33, 0.44, 0.055) || inCircle(x, y, 0.5, 0.44, 0.055) || inCircle(x, y, 0.67, 0.44, 0.055)
    return (bubble || tail) && !dot
  },
  // A heart: volunteering.
  volunteer: (x, y) => {
    // The curve spans about -1.15..1.25 in v; scale it to fit inside the 81px box.
    const u = (x - 0.5) / 0.33
    const v = (0.5 - y) / 0.33
    return (u * u + v * v - 1) ** 3 - u * u * v * v * v <= 0
  },
  // A person: head and shoulders.
  mine: (x, y) => inCircle(x, y, 0.5, 0.32, 0.16) || (y <= 0.86 && y >= 0.56 && ((x - 0.5) / 0.34) ** 2 + ((y - 0.86) / 0.3) ** 2 <= 1),
}

const outDir = new URL('../src/assets/tab/', import.meta.url)
mkdirSync(outDir, { recursive: true })
for (const [name, inside] of Object.entries(shapes)) {
  writeFileSync(new URL(`${name}.png`, outDir), png(inside, [0x8a, 0x8a, 0x8a]))
  writeFileSync(new URL(`${name}-active.png`, outDir), png(inside, [0xc8, 0x31, 0x2b]))
}
console.log('tab icons written to src/assets/tab/')
