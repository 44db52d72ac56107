import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

// `npm run dev:web` proxies API calls to a platform started with `npm start`.
const apiTarget = process.env.MYBEACON_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [tailwindcss(), sveltekit()],
  server: {
    proxy: { '/api': { target: apiTarget, changeOrigin: false, ws: true } },
  },
});
