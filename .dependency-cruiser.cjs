// Import boundaries: DESIGN.md's "may import" column and STYLE.md's "where code runs is visible in its
// path", checked on every relative import, `export ... from`, `import type` and dynamic import.
// `npm run lint` runs it (after ESLint) over the production folders; test/ may import anything.
// Each folder's README says the same in its "May import" line: change both together.

// Folders of ours. A path outside them (node_modules, a Node builtin) is never one of "ours".
const OURS = '^(common|drivers|main|screens|renderer|examples|build|test)/';

// renderer/: the shell (main.tsx, app/, frame/) may import every feature. The shared pieces below may be
// imported by every feature and import no feature themselves. Every other folder is a feature:
// renderer/<feature>/, and imports only itself and the shared pieces.
// screens/ is the screen renderer (elements, symbols, the navigator, faceplates and popups): the
// Overview and Screens displays show documents with it and the editor draws what it edits with it, so
// that a screen looks the same running and in design. It is shared like ui/ and imports no feature (a
// screen's sparkline comes from the trend feature through the shell, screens/symbols/sparkline-slot.tsx).
// app/services.tsx is the services context and app/route.ts the hash route. i18n/ is the interface's
// languages (the catalogues, the i18next instance, the station's and person's language).
const RENDERER_SHARED = '^renderer/(ui/|store/|client/|styles/|screens/|i18n/|app/services\\.tsx$|app/route\\.ts$)';
const RENDERER_SHARED_CODE = '^renderer/(ui/|store/|client/|screens/|i18n/|app/route\\.ts$)';
const RENDERER_SHELL = '^renderer/(app/|frame/|[^/]+$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-import-circles',
      comment: 'No module reaches itself through its imports: move what both sides need to a module both import (issue 17 broke the 41 there were).',
      severity: 'error',
      from: { path: OURS },
      to: { circular: true },
    },
    {
      name: 'common-imports-nothing-of-ours',
      comment: 'common/ is the contract between runtime and renderer: it imports nothing of ours.',
      severity: 'error',
      from: { path: '^common/' },
      to: { path: OURS, pathNot: '^common/' },
    },
    {
      name: 'screens-imports-only-common',
      comment: 'screens/ (the screen document model, symbol definitions) imports only common/.',
      severity: 'error',
      from: { path: '^screens/' },
      to: { path: OURS, pathNot: '^(screens|common)/' },
    },
    {
      name: 'no-node-in-common-screens-renderer',
      comment: 'common/, screens/ and renderer/ run in the browser: no Node builtins (renderer/vite.config.ts is build tooling).',
      severity: 'error',
      from: { path: '^(common|screens|renderer)/', pathNot: '^renderer/vite\\.config\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'drivers-import-only-common',
      comment: 'drivers/ imports only common/.',
      severity: 'error',
      from: { path: '^drivers/' },
      to: { path: OURS, pathNot: '^(drivers|common)/' },
    },
    {
      name: 'no-driver-imports-another',
      comment: 'A driver (drivers/<protocol>/) imports drivers/*.ts (api.ts) and its own folder, never another driver.',
      severity: 'error',
      from: { path: '^drivers/([^/]+)/' },
      to: { path: '^drivers/', pathNot: ['^drivers/$1/', '^drivers/[^/]+$'] },
    },
    {
      name: 'main-imports-common-drivers-screens',
      comment: 'main/ (the runtime, gateway, hosts) imports common/, drivers/, screens/ and itself.',
      severity: 'error',
      from: { path: '^main/' },
      to: { path: OURS, pathNot: '^(main|common|drivers|screens)/' },
    },
    {
      name: 'core-never-imports-gateway-electron-hosts',
      comment: 'main/core/ is hosted by the hosts (main/*.ts: runtime, headless, start) through the gateway or the Electron shell; it never imports them.',
      severity: 'error',
      from: { path: '^main/core/' },
      to: { path: ['^main/gateway/', '^main/electron/', '^main/[^/]+$'] },
    },
    {
      name: 'gateway-never-imports-electron-hosts',
      comment: 'main/gateway/ runs in both hosts: it never imports main/electron/ or a host file (main/*.ts).',
      severity: 'error',
      from: { path: '^main/gateway/' },
      to: { path: ['^main/electron/', '^main/[^/]+$'] },
    },
    {
      name: 'electron-only-in-main-electron',
      comment: 'Only main/electron/ imports electron: the runtime is plain Node and runs headless.',
      severity: 'error',
      from: { pathNot: '^(main/electron|build|test)/' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'nothing-imports-main-electron',
      comment: 'main/electron/ is the desktop host: nothing else imports it.',
      severity: 'error',
      from: { pathNot: '^(main/electron|test)/' },
      to: { path: '^main/electron/' },
    },
    {
      name: 'renderer-imports-common-screens',
      comment: 'renderer/ talks to the runtime only through the contract: never main/, drivers/, examples/, test/.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: OURS, pathNot: ['^(renderer|common|screens)/', '^build/'] },
    },
    {
      name: 'only-build-tooling-imports-build',
      comment: 'build/ (packaging, renderer build record) is imported only by renderer/vite.config.ts and test/.',
      severity: 'error',
      from: { pathNot: ['^(build|test)/', '^renderer/vite\\.config\\.ts$'] },
      to: { path: '^build/' },
    },
    {
      name: 'build-imports-only-build',
      comment: 'build/ scripts stand alone: they read the tree as files, not as imports.',
      severity: 'error',
      from: { path: '^build/' },
      to: { path: OURS, pathNot: '^build/' },
    },
    {
      name: 'example-plant-imports-common-simulator',
      comment: 'examples/plant steps the simulator model: it imports common/ and drivers/simulator/ (and drivers/api.ts).',
      severity: 'error',
      from: { path: '^examples/plant/' },
      to: { path: OURS, pathNot: ['^(examples/plant|common|drivers/simulator)/', '^drivers/api\\.ts$'] },
    },
    {
      name: 'example-mes-sim-imports-common-b2mml',
      comment: "examples/mes-sim speaks B2MML with Lineside's codec: it imports common/ and main/core/mes/b2mml/.",
      severity: 'error',
      from: { path: '^examples/mes-sim/' },
      to: { path: OURS, pathNot: '^(examples/mes-sim|common|main/core/mes/b2mml)/' },
    },
    {
      name: 'examples-import-no-host',
      comment: 'Any other example may reuse common/, drivers/, screens/ and main/core/, never the gateway, the hosts or the renderer.',
      severity: 'error',
      from: { path: '^examples/', pathNot: '^examples/(plant|mes-sim)/' },
      to: { path: OURS, pathNot: '^(examples|common|drivers|screens|main/core)/' },
    },
    {
      name: 'only-tests-import-examples',
      comment: 'The product never imports the example simulators (the hosts start them as child processes).',
      severity: 'error',
      from: { pathNot: '^(examples|test)/' },
      to: { path: '^examples/' },
    },
    {
      name: 'renderer-feature-imports-no-other-feature',
      comment: 'A renderer feature imports itself, renderer/ui, store, client (and the other shared pieces named in RENDERER_SHARED), common/ and screens/; never another feature.',
      severity: 'error',
      from: { path: '^renderer/([^/]+)/', pathNot: [RENDERER_SHELL, RENDERER_SHARED] },
      to: { path: '^renderer/', pathNot: ['^renderer/$1/', RENDERER_SHARED] },
    },
    {
      name: 'renderer-shared-imports-no-feature',
      comment: 'The shared pieces (ui/, store/, client/...) import only each other: no feature and no shell.',
      severity: 'error',
      from: { path: RENDERER_SHARED_CODE },
      to: { path: '^renderer/', pathNot: RENDERER_SHARED },
    },
    {
      name: 'renderer-services-names-features-as-types',
      comment: 'The services context names the long-lived services (some live in a feature) by type only.',
      severity: 'error',
      from: { path: '^renderer/app/services\\.tsx$' },
      to: { path: '^renderer/', pathNot: RENDERER_SHARED, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-tests',
      comment: 'Production code never imports test/.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    // `import type` counts: a type import is still a dependency on that folder.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|out|release|test-results)/' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    cache: false,
  },
};
