import { useCallback, useRef, useState } from 'react';
import { ConveyorFaceplate } from './ConveyorFaceplate.tsx';
import { LineMimic } from './LineMimic.tsx';
import { ProductionKpis } from './ProductionKpis.tsx';
import { Sparkline } from '../../trends/Sparkline.tsx';
import { LINE1 } from './line-tags.ts';

/**
 * Level 2: Line 1 at a glance. Clicking the conveyor opens its faceplate as a popup over the empty
 * upper right of the mimic (beside the object, never over the frame or the future alarm banner).
 */
export function OverviewDisplay() {
  const [faceplateOpen, setFaceplateOpen] = useState(false);
  const opener = useRef<SVGGElement>(null);
  const open = useCallback(() => setFaceplateOpen(true), []);
  const close = useCallback(() => {
    setFaceplateOpen(false);
    opener.current?.focus();
  }, []);
  return (
    <div className="overview">
      <div className="overview__heading">
        <h1 className="display__title">Line 1 · Bottling</h1>
        <ProductionKpis />
        <div className="overview__trends" aria-label="Key trends">
          <Sparkline path={LINE1.tankLevel} label="T101 level" />
          <Sparkline path={LINE1.conveyorSpeed} label="C101 speed" />
        </div>
      </div>
      <div className="overview__mimic">
        <LineMimic onOpenConveyor={open} conveyorSelected={faceplateOpen} conveyorRef={opener} />
        {faceplateOpen && <ConveyorFaceplate onClose={close} />}
      </div>
    </div>
  );
}
