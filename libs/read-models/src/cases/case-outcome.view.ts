import { ALERT_GROUND_LABELS, AlertGround, CaseMeasure, CaseTier, RecordedCase, Responsibility } from '@app/domain';
import { maskName } from '../operations/counterparty-mask';

/** How a disclosed outcome shows a person's name (CASE_PUBLIC_NAMES): masked as counterparties are (王*), or not. */
export type PublicNameMode = 'surname' | 'none';

/**
 * A case's outcome as disclosed to the public (通报): who was held responsible (names masked), in which tier with
 * which measures, and what was decided against departments. Nothing of the investigation (facts, evidence, notes,
 * statements, summary), which may name others.
 */
export interface CaseOutcome {
  id: string;
  grounds: { ground: AlertGround; label: string }[];
  departments: string[];
  closedAt: string;
  publication: { channel: string; publishedOn: string };
  persons: {
    name?: string;
    post: string;
    department: string;
    responsibility: Responsibility;
    tier: CaseTier;
    measures: CaseMeasure[];
  }[];
  departmentDecisions: { department: string; measures: string[]; points?: number }[];
}

/** Undefined unless the case is closed and its outcome disclosed. */
export function caseOutcome(state: RecordedCase, names: PublicNameMode): CaseOutcome | undefined {
  if (state.status !== 'closed' || state.closure === null || !state.publication) return undefined;
  return {
    id: state.caseId,
    grounds: state.opening.grounds.map((ground) => ({ ground, label: ALERT_GROUND_LABELS[ground] })),
    departments: state.departments,
    closedAt: state.closure.closedAt,
    publication: { channel: state.publication.channel, publishedOn: state.publication.publishedOn },
    persons: state.persons.flatMap(({ name, post, department, responsibility, decision }) =>
      decision?.outcome === 'responsible' && decision.tier !== undefined
        ? [
            {
              ...(names === 'surname' ? { name: maskName(name) } : {}),
              post,
              department,
              responsibility,
              tier: decision.tier,
              measures: decision.measures,
            },
          ]
        : [],
    ),
    departmentDecisions: state.departmentDecisions.map(({ department, measures, points }) => ({
      department,
      measures,
      ...(points !== undefined ? { points } : {}),
    })),
  };
}
