// Demo data: a workspace with realistic customers, responses and revenue, so every metric shows something true.
import type { Services } from '../services.ts';

export interface DemoOptions {
  customers?: number;
  months?: number;
  seed?: number;
  now?: Date;
  onProgress?: (message: string) => void;
}

export interface DemoResult {
  created: boolean;
  workspaceId: string;
  secretKey: string;
  npsSurveyId: string;
  counts: { customers: number; responses: number; events: number };
}

export async function seedDemoWorkspace(services: Services, options: DemoOptions = {}): Promise<DemoResult> {
  const { workspace, secretKey } = await services.workspaces.createWorkspace({ name: 'Heed demo' });
  const survey = await services.surveys.createSurvey(workspace.id, {
    kind: 'nps',
    name: 'NPS',
    language: 'en',
    questions: [],
  });
  options.onProgress?.('demo generator not written yet');
  return {
    created: true,
    workspaceId: workspace.id,
    secretKey: secretKey.secret,
    npsSurveyId: survey.id,
    counts: { customers: 0, responses: 0, events: 0 },
  };
}
