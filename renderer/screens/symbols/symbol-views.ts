import { EllipseView, ImageView, LineView, PolylineView, RectangleView, SvgView, TextView } from './basic-views.tsx';
import { ButtonView, SetpointEntryView, SwitchView } from './control-views.tsx';
import { ConveyorView, ControlValveView, HeatExchangerView, InstrumentView, MotorView, OnOffValveView, PipeView, PumpView, TankView } from './process-views.tsx';
import { AlarmIndicatorView, BarGraphView, MultiStateView, NumericDisplayView, SparklineView } from './value-views.tsx';
import { ValueListView } from './value-list-view.tsx';
import type { SymbolView } from './view-types.ts';

/** The drawing of every symbol type of screens/symbols, keyed by the same type names. */
export const SYMBOL_VIEWS: ReadonlyMap<string, SymbolView> = new Map<string, SymbolView>([
  ['pump', PumpView],
  ['on-off-valve', OnOffValveView],
  ['control-valve', ControlValveView],
  ['motor', MotorView],
  ['tank', TankView],
  ['pipe', PipeView],
  ['conveyor', ConveyorView],
  ['heat-exchanger', HeatExchangerView],
  ['instrument', InstrumentView],
  ['numeric-display', NumericDisplayView],
  ['bar-graph', BarGraphView],
  ['multi-state', MultiStateView],
  ['sparkline', SparklineView],
  ['value-list', ValueListView],
  ['alarm-indicator', AlarmIndicatorView],
  ['button', ButtonView],
  ['setpoint-entry', SetpointEntryView],
  ['switch', SwitchView],
  ['text', TextView],
  ['rectangle', RectangleView],
  ['ellipse', EllipseView],
  ['line', LineView],
  ['polyline', PolylineView],
  ['image', ImageView],
  ['svg', SvgView],
]);
