import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Vite config of the React UI (renderer/), served by the hub at `/`; built into dist/renderer.
// It lives here, not in renderer/, because it runs in Node (the renderer itself never does).
export default defineConfig({
  root: fileURLToPath(new URL('../renderer', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
});
