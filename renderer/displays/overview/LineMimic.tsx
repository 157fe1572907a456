import type { Ref } from 'react';
import { SvgAlarmMark } from '../../alarms/SvgAlarmMark.tsx';
import { useTag } from '../../store/use-tag.ts';
import { numericValue } from '../../values/format.ts';
import { SvgDefs } from '../../values/SvgDefs.tsx';
import { SvgReadout } from '../../values/SvgReadout.tsx';
import { ConveyorBelt, ConveyorLabel } from './Conveyor.tsx';
import { LINE1 } from './line-tags.ts';
import { Machine } from './Machine.tsx';
import { FlowArrow, Pipe } from './Pipe.tsx';
import { Pump } from './Pump.tsx';
import { Selectable } from './Selectable.tsx';
import { SupplyIndicator } from './SupplyIndicator.tsx';
import { Tank } from './Tank.tsx';
import { Valve } from './Valve.tsx';

/**
 * Level 2 display of Line 1, left to right as the product flows: supply, transfer pumps P101/P102
 * refilling buffer tank T101 through XV101, XV102 to the filler, then the packaging conveyor.
 */
export interface LineMimicProps {
  onOpenConveyor: () => void;
  conveyorSelected: boolean;
  conveyorRef: Ref<SVGGElement>;
}

export function LineMimic({ onOpenConveyor, conveyorSelected, conveyorRef }: LineMimicProps) {
  const setpoint = numericValue(useTag(LINE1.conveyorSetpoint));
  return (
    <svg className="mimic" viewBox="0 0 1000 504" preserveAspectRatio="xMidYMin meet" role="img" aria-label="Line 1 process mimic" data-testid="line-mimic">
      <SvgDefs />
      {/* Supply to the pumps */}
      <Pipe points={[[10, 165], [80, 165]]} />
      <FlowArrow x={44} y={165} direction="right" />
      <Pipe points={[[80, 110], [80, 220]]} />
      <Pipe points={[[80, 110], [300, 110]]} />
      <Pipe points={[[80, 220], [300, 220]]} />
      <SupplyIndicator path={LINE1.supplyAvailable} x={10} y={165} />
      {/* Pumps to the tank, tank to the filler */}
      <Pipe points={[[300, 110], [300, 220]]} />
      <Pipe points={[[300, 165], [330, 165], [330, 50], [440, 50], [440, 80]]} />
      <FlowArrow x={440} y={68} direction="down" />
      <Pipe points={[[520, 260], [640, 260], [640, 310]]} />
      <FlowArrow x={640} y={296} direction="down" />

      <Pump name="P101" runningPath={LINE1.pump1Running} speedPath={LINE1.pump1Speed} cx={120} cy={110} />
      <Pump name="P102" runningPath={LINE1.pump2Running} speedPath={LINE1.pump2Speed} cx={120} cy={220} />
      <Valve path={LINE1.inletValve} cx={385} cy={50} name="XV101" label="above" />
      <Tank name="T101 Buffer tank" levelPath={LINE1.tankLevel} x={380} y={80} width={140} height={200} />
      <SvgReadout path={LINE1.tankLevel} x={540} y={120} label="Level" width={130} />
      <SvgReadout path={LINE1.tankTemperature} x={540} y={170} label="Product" width={130} bar />
      <Valve path={LINE1.outletValve} cx={580} cy={260} name="XV102" />

      {/* Packaging line */}
      <Machine name="Filler" statePath={LINE1.fillerState} x={575} y={310} width={130} height={80} />
      <Machine name="Capper" statePath={LINE1.capperState} x={735} y={310} width={115} height={80} />
      <Machine name="Labeler" statePath={LINE1.labelerState} x={875} y={310} width={115} height={80} />
      <ConveyorBelt statePath={LINE1.conveyorState} x={300} y={392} width={690} />
      <Selectable
        label="Conveyor C101: open faceplate"
        testId="open-conveyor-faceplate"
        selected={conveyorSelected}
        onOpen={onOpenConveyor}
        area={{ x: 292, y: 412, width: 240, height: 88 }}
        ref={conveyorRef}
      >
        <ConveyorLabel name="Conveyor C101" statePath={LINE1.conveyorState} x={300} y={430} />
        <SvgReadout path={LINE1.conveyorSpeed} x={300} y={456} label="Actual" width={220} bar target={setpoint} />
        <SvgReadout path={LINE1.conveyorSetpoint} x={300} y={490} label="Setpoint" width={220} />
      </Selectable>
      <SvgReadout path={LINE1.fillerSpeed} x={575} y={446} label="Speed" width={140} bar />
      <SvgReadout path={LINE1.fillerBowlTemperature} x={575} y={486} label="Bowl" width={140} bar />
      <SvgReadout path={LINE1.capperTorque} x={735} y={446} label="Torque" width={120} bar />
      <SvgReadout path={LINE1.labelerGlueTemperature} x={875} y={446} label="Glue" width={115} bar />
      {/* Alarm indicators: drawn only while the object is in alarm. */}
      <SvgAlarmMark tags={[LINE1.tankLevel, LINE1.tankTemperature]} x={528} y={84} />
      <SvgAlarmMark tags={[LINE1.fillerState]} x={681} y={284} />
      <SvgAlarmMark tags={[LINE1.capperState, LINE1.capperTorque]} x={826} y={284} />
      <SvgAlarmMark tags={[LINE1.labelerState, LINE1.labelerGlueTemperature]} x={966} y={284} />
    </svg>
  );
}
