// Posting a step of a mediation: the version read goes with it, the answer (the whole mediation)
// replaces the page's copy, and problems land on the form or in an alert.
import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useSubmit } from '../risk/ui-helpers';
import { type Mediation, mediationStep } from './mediation.api';

export interface StepProps {
  m: Mediation;
  onChange: (m: Mediation) => void;
}

export function useStep({ m, onChange }: StepProps) {
  const submit = useSubmit();
  const { run } = submit;
  const post = useCallback(
    async (step: string, body: Record<string, unknown>, form?: FormInstance): Promise<Mediation | undefined> => {
      const answer = await run(() => mediationStep(m.id, step, { version: m.version, ...body }), form);
      if (answer) onChange(answer);
      return answer;
    },
    [m.id, m.version, onChange, run],
  );
  return { post, busy: submit.busy, error: submit.error, clear: submit.clear };
}
