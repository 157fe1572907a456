import { bottlingFiller } from './bottling-filler.ts';
import { bottlingLine } from './bottling-line.ts';
import { bottlingOverview } from './bottling-overview.ts';

export { BOTTLING_TEMPLATES } from './bottling-templates.ts';

/** The example project's screens, top down (examples/bottling-line/screens/*.json is written from these). */
export const BOTTLING_SCREENS = [bottlingOverview, bottlingLine, bottlingFiller] as const;
