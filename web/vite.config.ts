import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
// `npm run dev:web` proxies API calls to a platform started with `npm start`.
const apiTarget = process.env.MYBEACON_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: webRoot,
  plugins: [tailwindcss(), sveltekit()],
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false, ws: true } },
  },
});
