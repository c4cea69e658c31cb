// The app's modules, which the tests import for their types (the debug window), use Vite's
// module types (`?worker&url`, `import.meta.env`): Vite is web/'s dependency, not the root's.
import '../web/node_modules/vite/client.d.ts';
