import { AlertAcknowledgedData, AlertAnsweredData, AlertRaisedData, AlertResolvedData } from './alert.events';

export interface AbsentAlert {
  status: 'absent';
}

interface RaisedAlert {
  alert: AlertRaisedData;
  /** The accountability cases opened from it; absent until one is. */
  cases?: string[];
  /** The department's answer awaiting the supervision office's verdict; absent when there is none. */
  answer?: AlertAnsweredData;
  /** Stream version of the last event folded. */
  version: number;
}

export interface OpenAlert extends RaisedAlert {
  status: 'open';
}

export interface AcknowledgedAlert extends RaisedAlert {
  status: 'acknowledged';
  acknowledgement: AlertAcknowledgedData;
}

export interface ResolvedAlert extends RaisedAlert {
  status: 'resolved';
  /** Absent when it was resolved directly from open. */
  acknowledgement?: AlertAcknowledgedData;
  resolution: AlertResolvedData;
}

export type AlertState = AbsentAlert | OpenAlert | AcknowledgedAlert | ResolvedAlert;

export const initialAlertState: AlertState = { status: 'absent' };
