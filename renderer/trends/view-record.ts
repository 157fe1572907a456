export type { TrendView as TrendViewRecord } from '../../common/trend-views.ts';
