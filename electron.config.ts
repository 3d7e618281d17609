/**
 * electron-builder configuration, typed. `npm run build:electron` bundles main, preload and workers into
 * dist/electron/ and the renderer into dist/renderer/; `npx electron-builder --config electron.config.ts` packages.
 */
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'org.pathreg.studio',
  productName: 'PathReg Studio',
  copyright: 'PathReg Studio contributors; PathReg model: Aliee et al., NeurIPS 2022',
  directories: { output: 'out', buildResources: 'build' },
  files: ['dist/electron/**', 'dist/renderer/**', 'package.json', '!**/*.map'],
  // Examples and TF lists are read from disk at run time, so they ship next to the app, not inside asar.
  extraResources: [
    { from: 'resources/examples', to: 'resources/examples' },
    { from: 'resources/tf-lists', to: 'resources/tf-lists' },
  ],
  // WebAssembly binaries of tfjs-backend-wasm and h5wasm must be readable as files by the workers.
  // The fused engines' kernels (dist/electron/pathreg-kernels.wasm, dist/electron/native/*.node) likewise: a .node
  // addon cannot be loaded from inside an asar archive at all.
  asarUnpack: [
    'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm',
    'node_modules/h5wasm/**/*.wasm',
    'dist/electron/*.wasm',
    'dist/electron/native/**',
  ],
  fileAssociations: [
    { ext: 'pathreg', name: 'PathReg Studio project', role: 'Editor' },
    { ext: 'h5ad', name: 'AnnData', role: 'Viewer' },
    { ext: 'loom', name: 'Loom', role: 'Viewer' },
  ],
  linux: { target: ['AppImage', 'deb'], category: 'Science' },
  mac: { target: ['dmg'], category: 'public.app-category.education', hardenedRuntime: true },
  win: { target: ['nsis'] },
  // Electron fuses: no ELECTRON_RUN_AS_NODE, no --inspect, cookies encrypted, app code only from asar, and no extra
  // privileges for file:// pages (the app is served from app://, so a file:// page can only be an attacker's).
  electronFuses: {
    grantFileProtocolExtraPrivileges: false,
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
  },
};

export default config;
