import { Injectable } from '@nestjs/common';

export interface DatasetProgress {
  dataset: string;
  state: 'pending' | 'running' | 'done' | 'skipped' | 'failed';
  imported: number;
  skipped: number;
  rejected: number;
}

/** Progress of the start-up import, shown by /ready. */
@Injectable()
export class ImportStatus {
  private readonly datasets = new Map<string, DatasetProgress>();

  update(progress: DatasetProgress): void {
    this.datasets.set(progress.dataset, { ...progress });
  }

  snapshot(): DatasetProgress[] {
    return [...this.datasets.values()];
  }
}
