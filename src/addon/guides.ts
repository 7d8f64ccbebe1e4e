/**
 * The guides (src/core/toolkit.ts: the manager toolkit, the coach's note, the coachee's guide) as the
 * add-on shows them. They ship gzipped (src/local/tools/build.mjs puts them in CCM_GUIDES_GZ: about
 * 9 KB of text as 4 KB, what keeps the bundle inside its 150 KB budget) and are read back with
 * Utilities.ungzip the first time an execution shows one.
 */
import type { ToolkitDocument, TOOLKITS } from '../core/toolkit';

declare const CCM_GUIDES_GZ: string;

type GuideId = keyof typeof TOOLKITS;

let guides: Record<GuideId, ToolkitDocument> | null = null;

export function guide(id: GuideId): ToolkitDocument {
  guides ??= JSON.parse(
    Utilities.ungzip(Utilities.newBlob(Utilities.base64Decode(CCM_GUIDES_GZ), 'application/x-gzip')).getDataAsString(),
  ) as Record<GuideId, ToolkitDocument>;
  return guides[id];
}
