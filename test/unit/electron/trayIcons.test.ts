import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { trayIconFile, trayIconPath } from '../../../electron/main/trayIcons';

const resources = join(import.meta.dirname, '..', '..', '..', 'resources');

/** Decodes the 8-bit RGBA, filter-0 PNGs resources/generateIcons.mjs writes. */
function readPng(path: string): { width: number; height: number; pixels: Buffer } {
  const data = readFileSync(path);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('ascii', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, pixels };
}

describe('tray icons', () => {
  it('uses template images on macOS and coloured ones elsewhere', () => {
    expect(trayIconFile('ok', 'darwin')).toBe('trayTemplate.png');
    expect(trayIconFile('error', 'darwin')).toBe('trayErrorTemplate.png');
    expect(trayIconFile('ok', 'win32')).toBe('tray@2x.png');
    expect(trayIconFile('error', 'linux')).toBe('trayError@2x.png');
    expect(trayIconPath('/app/resources', 'ok', 'darwin')).toBe(join('/app/resources', 'tray', 'trayTemplate.png'));
  });

  it('has every image, at 16 px and @2x 32 px; template images are black with alpha', () => {
    for (const name of ['trayTemplate', 'trayErrorTemplate', 'tray', 'trayError']) {
      for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
        const png = readPng(join(resources, 'tray', `${name}${suffix}.png`));
        expect([png.width, png.height], name + suffix).toEqual([size, size]);
        let opaque = 0;
        for (let i = 0; i < png.pixels.length; i += 4) {
          if (name.endsWith('Template')) expect([png.pixels[i], png.pixels[i + 1], png.pixels[i + 2]]).toEqual([0, 0, 0]);
          if ((png.pixels[i + 3] ?? 0) > 128) opaque++;
        }
        expect(opaque, `${name}${suffix} draws something`).toBeGreaterThan(size * 2);
      }
    }
  });

  it('has the app icon at 1024 px and the Linux sizes', () => {
    expect(readPng(join(resources, 'icons', 'icon.png')).width).toBe(1024);
    expect(readPng(join(resources, 'icons', 'png', '512x512.png')).width).toBe(512);
    expect(readFileSync(join(resources, 'icons', 'icon.svg'), 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 1024 1024"/);
  });
});
