#!/usr/bin/env node
// Generates Patchbay's app icon and tray images from one geometric description: a patch cable,
// two jack plugs joined by a drooping cable. Writes SVG sources and PNGs (rendered here from
// signed distance fields, anti-aliased, no dependencies):
//   resources/icons/icon.svg, icon.png (1024), icon-512.png, 256x256.png ... (Linux sizes)
//   resources/tray/trayTemplate.png (16) + @2x (32), trayErrorTemplate.png + @2x  (macOS, black + alpha)
//   resources/tray/tray.png + @2x, trayError.png + @2x                           (Windows, Linux)
// Run: node resources/generateIcons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- geometry, in a unit box (0..1) ------------------------------------------------------------

const PLUG_X = [0.28, 0.72];
const glyph = [
  ...PLUG_X.flatMap((x) => [
    { kind: 'capsule', a: [x, 0.1], b: [x, 0.26], r: 0.032 }, // tip
    { kind: 'capsule', a: [x, 0.33], b: [x, 0.5], r: 0.085 }, // sleeve
  ]),
  { kind: 'cable', p: [[0.28, 0.52], [0.28, 0.98], [0.72, 0.98], [0.72, 0.52]], r: 0.045 },
];
const BADGE = { c: [0.83, 0.83], r: 0.17, gap: 0.07 };
// Where the glyph sits on the app icon: scaled, centred (the glyph's own centre is ~(0.5, 0.49)).
const ICON_GLYPH = { scale: 0.56, x: 0.22, y: 0.21 };

// ---- signed distances ---------------------------------------------------------------------------

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function bezierPoints([p0, p1, p2, p3], steps = 48) {
  const points = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    const a = u * u * u;
    const b = 3 * u * u * t;
    const c = 3 * u * t * t;
    const d = t * t * t;
    points.push([a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]]);
  }
  return points;
}

const cablePolylines = new Map();
function shapeDistance(shape, x, y) {
  if (shape.kind === 'capsule') return segmentDistance(x, y, shape.a, shape.b) - shape.r;
  if (shape.kind === 'disc') return Math.hypot(x - shape.c[0], y - shape.c[1]) - shape.r;
  if (!cablePolylines.has(shape)) cablePolylines.set(shape, bezierPoints(shape.p));
  const points = cablePolylines.get(shape);
  let best = Infinity;
  for (let i = 1; i < points.length; i++) best = Math.min(best, segmentDistance(x, y, points[i - 1], points[i]));
  return best - shape.r;
}

const union = (shapes, x, y) => Math.min(...shapes.map((shape) => shapeDistance(shape, x, y)));

function roundedRectDistance(x, y, inset, radius) {
  const half = 0.5 - inset;
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

// ---- rendering ----------------------------------------------------------------------------------

const coverage = (distance, pixel) => Math.max(0, Math.min(1, 0.5 - distance / pixel));

/** Composites `color` (r,g,b 0-255, alpha 0-1) over the RGBA float buffer at pixel i. */
function over(buffer, i, [r, g, b], alpha) {
  const below = buffer[i + 3];
  const out = alpha + below * (1 - alpha);
  if (out === 0) return;
  buffer[i] = (r * alpha + buffer[i] * below * (1 - alpha)) / out;
  buffer[i + 1] = (g * alpha + buffer[i + 1] * below * (1 - alpha)) / out;
  buffer[i + 2] = (b * alpha + buffer[i + 2] * below * (1 - alpha)) / out;
  buffer[i + 3] = out;
}

/** Glyph placed in box [offset, offset + scale] of the image. */
const place = (u, offset, scale) => (u - offset) / scale;

function renderTray(size, { template, error }) {
  const buffer = new Float64Array(size * size * 4);
  const pixel = 1 / size;
  const ink = template ? [0, 0, 0] : [96, 104, 130];
  const errorInk = template ? [0, 0, 0] : [229, 72, 77];
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const i = (py * size + px) * 4;
      let alpha = coverage(union(glyph, x, y), pixel);
      if (error) {
        const toBadge = Math.hypot(x - BADGE.c[0], y - BADGE.c[1]);
        alpha *= 1 - coverage(toBadge - BADGE.r - BADGE.gap, pixel);
        over(buffer, i, ink, alpha);
        over(buffer, i, errorInk, coverage(toBadge - BADGE.r, pixel));
      } else {
        over(buffer, i, ink, alpha);
      }
    }
  }
  return buffer;
}

const BG_TOP = [44, 49, 84];
const BG_BOTTOM = [22, 24, 44];
const CABLE = [255, 138, 61];
const PLUG = [236, 239, 248];

function renderAppIcon(size) {
  const buffer = new Float64Array(size * size * 4);
  const pixel = 1 / size;
  const inset = 0.09; // macOS icon grid: 824 of 1024
  const { scale } = ICON_GLYPH;
  const plugs = glyph.filter((shape) => shape.kind !== 'cable');
  const cable = glyph.filter((shape) => shape.kind === 'cable');
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size;
      const y = (py + 0.5) / size;
      const i = (py * size + px) * 4;
      const t = y;
      const bg = BG_TOP.map((top, k) => top + (BG_BOTTOM[k] - top) * t);
      over(buffer, i, bg, coverage(roundedRectDistance(x, y, inset, 0.185), pixel));
      const gx = place(x, ICON_GLYPH.x, scale);
      const gy = place(y, ICON_GLYPH.y, scale);
      const glyphPixel = pixel / scale;
      over(buffer, i, CABLE, coverage(union(cable, gx, gy), glyphPixel));
      over(buffer, i, PLUG, coverage(union(plugs, gx, gy), glyphPixel));
    }
  }
  return buffer;
}

// ---- PNG ----------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(size, buffer) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size * 4; x++) {
      const i = y * size * 4 + x;
      const value = x % 4 === 3 ? buffer[i] * 255 : buffer[i];
      raw[y * (size * 4 + 1) + 1 + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- SVG ----------------------------------------------------------------------------------------

const hex = (rgb) => `#${rgb.map((value) => Math.round(value).toString(16).padStart(2, '0')).join('')}`;
const n = (value) => Number(value.toFixed(2));

function svgShape(shape, map, scale, fill) {
  if (shape.kind === 'capsule') {
    const [a, b] = [map(shape.a), map(shape.b)];
    return `<line x1="${n(a[0])}" y1="${n(a[1])}" x2="${n(b[0])}" y2="${n(b[1])}" stroke="${fill}" stroke-width="${n(shape.r * 2 * scale)}" stroke-linecap="round"/>`;
  }
  const [p0, p1, p2, p3] = shape.p.map(map);
  return `<path d="M${n(p0[0])} ${n(p0[1])}C${n(p1[0])} ${n(p1[1])} ${n(p2[0])} ${n(p2[1])} ${n(p3[0])} ${n(p3[1])}" fill="none" stroke="${fill}" stroke-width="${n(shape.r * 2 * scale)}" stroke-linecap="round"/>`;
}

function appIconSvg() {
  const size = 1024;
  const scale = ICON_GLYPH.scale * size;
  const map = ([x, y]) => [(ICON_GLYPH.x + x * ICON_GLYPH.scale) * size, (ICON_GLYPH.y + y * ICON_GLYPH.scale) * size];
  const inset = 0.09 * size;
  const cable = glyph.filter((shape) => shape.kind === 'cable').map((shape) => svgShape(shape, map, scale, hex(CABLE)));
  const plugs = glyph.filter((shape) => shape.kind !== 'cable').map((shape) => svgShape(shape, map, scale, hex(PLUG)));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    '  <defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">',
    `    <stop offset="0" stop-color="${hex(BG_TOP.map((top, k) => top + (BG_BOTTOM[k] - top) * 0.09))}"/>`,
    `    <stop offset="1" stop-color="${hex(BG_TOP.map((top, k) => top + (BG_BOTTOM[k] - top) * 0.91))}"/>`,
    '  </linearGradient></defs>',
    `  <rect x="${inset}" y="${inset}" width="${size - 2 * inset}" height="${size - 2 * inset}" rx="${n(0.185 * size)}" fill="url(#bg)"/>`,
    ...cable.map((line) => `  ${line}`),
    ...plugs.map((line) => `  ${line}`),
    '</svg>',
    '',
  ].join('\n');
}

function traySvg(error) {
  const size = 32;
  const map = ([x, y]) => [x * size, y * size];
  const shapes = glyph.map((shape) => svgShape(shape, map, size, '#000'));
  const badge = error
    ? [
        `  <mask id="cut"><rect width="${size}" height="${size}" fill="#fff"/><circle cx="${n(BADGE.c[0] * size)}" cy="${n(BADGE.c[1] * size)}" r="${n((BADGE.r + BADGE.gap) * size)}" fill="#000"/></mask>`,
        `  <circle cx="${n(BADGE.c[0] * size)}" cy="${n(BADGE.c[1] * size)}" r="${n(BADGE.r * size)}" fill="#000"/>`,
      ]
    : [];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    ...badge.slice(0, 1),
    `  <g${error ? ' mask="url(#cut)"' : ''}>`,
    ...shapes.map((line) => `    ${line}`),
    '  </g>',
    ...badge.slice(1),
    '</svg>',
    '',
  ].join('\n');
}

// ---- write --------------------------------------------------------------------------------------

function write(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const icons = join(here, 'icons');
  const tray = join(here, 'tray');
  write(join(icons, 'icon.svg'), appIconSvg());
  const big = renderAppIcon(1024);
  write(join(icons, 'icon.png'), encodePng(1024, big));
  for (const size of [512, 256, 128, 64, 32, 16]) write(join(icons, 'png', `${size}x${size}.png`), encodePng(size, renderAppIcon(size)));
  write(join(tray, 'trayTemplate.svg'), traySvg(false));
  write(join(tray, 'trayErrorTemplate.svg'), traySvg(true));
  for (const [name, template, error] of [
    ['trayTemplate', true, false],
    ['trayErrorTemplate', true, true],
    ['tray', false, false],
    ['trayError', false, true],
  ]) {
    write(join(tray, `${name}.png`), encodePng(16, renderTray(16, { template, error })));
    write(join(tray, `${name}@2x.png`), encodePng(32, renderTray(32, { template, error })));
  }
  process.stdout.write(`icons written to ${icons} and ${tray}\n`);
}
