import { createContext, useContext, type ComponentType } from 'react';

/** What a screen's sparkline element asks of the trend feature's sparkline. */
export interface SparklineProps {
  path: string;
  label: string;
  spanMs: number;
  width: number;
  height: number;
}

/**
 * The sparkline that screens draw. The screen renderer is shared by the overview, the Screens display and
 * the editor, so it imports no feature; the app shell hands it the trend feature's sparkline here (as it
 * hands the top bar its user menu).
 */
const SparklineContext = createContext<ComponentType<SparklineProps> | undefined>(undefined);

export const SparklineProvider = SparklineContext.Provider;

/** The sparkline to draw, or undefined where none was provided (the element then shows its box and tag). */
export function useSparkline(): ComponentType<SparklineProps> | undefined {
  return useContext(SparklineContext);
}
