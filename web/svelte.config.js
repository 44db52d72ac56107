import adapter from '@sveltejs/adapter-static';

/** The cabinet is a static SPA: every route renders in the browser, the platform serves index.html as the fallback. */
const config = {
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
    // Role and product names come from the platform's own registry, not a copy.
    alias: { $components: 'src/lib/components', $core: '../core' },
  },
};

export default config;
