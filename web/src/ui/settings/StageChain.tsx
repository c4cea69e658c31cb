import { useId } from 'react';
import {
  kindsFor,
  type ChainSource,
  type ProviderKindInfo,
  type RelayWarning,
  type Stage,
} from '@parley/shared';
import type { ProviderSettingsApi } from '../../net/settings-api.ts';
import {
  canMove,
  MAX_CHAIN,
  type DraftAction,
  type DraftEntry,
} from '../../settings/chain-draft.ts';
import { STAGE_LABELS } from '../../settings/provider-kinds.ts';
import type { FieldErrors } from '../../settings/settings-body.ts';
import { environmentText, orderText, warningText } from '../../settings/settings-text.ts';
import { ProviderEntryFields } from './ProviderEntryFields.tsx';

interface Props {
  api: ProviderSettingsApi;
  stage: Stage;
  chain: DraftEntry[];
  /** The kinds the relay offers (every stage's). */
  kinds: readonly ProviderKindInfo[];
  source: ChainSource;
  /** What the relay's chain for this stage serves without now. */
  warnings: readonly RelayWarning[];
  errors: FieldErrors;
  edit: (action: DraftAction) => void;
}

/**
 * One stage's chain: the providers tried in order (the next takes over when one fails). A stage
 * the relay's environment sets is shown, not editable.
 */
export function StageChain({ api, stage, chain, kinds, source, warnings, errors, edit }: Props) {
  const noteId = useId();
  const stageKinds = kindsFor(kinds, stage);
  const locked = source === 'environment';
  return (
    <fieldset
      className="stage-chain"
      data-testid={`stage-${stage}`}
      data-source={source}
      disabled={locked}
      aria-describedby={noteId}
    >
      <legend>{STAGE_LABELS[stage]}</legend>
      <p id={noteId} className={locked ? 'notice notice-warn' : 'field-hint'}>
        {locked
          ? environmentText(stage)
          : chain.length > 1
            ? 'Tried in this order: when one fails, the next takes over.'
            : 'Add a second provider to have one take over when the first fails.'}
      </p>
      {warnings.map((w) => (
        <p
          key={`${w.code}-${w.provider}`}
          className="notice notice-warn"
          data-testid="stage-warning"
          data-code={w.code}
        >
          {warningText(w)}
        </p>
      ))}
      <ol className="provider-list">
        {chain.map((entry, index) => (
          <ProviderEntryFields
            key={entry.key}
            api={api}
            stage={stage}
            index={index}
            count={chain.length}
            entry={entry}
            kinds={stageKinds}
            order={orderText(stage, chain, index)}
            canMoveUp={canMove(chain, index, -1)}
            canMoveDown={canMove(chain, index, 1)}
            errors={errors}
            edit={edit}
          />
        ))}
      </ol>
      <button
        type="button"
        data-testid="provider-add"
        disabled={chain.length >= MAX_CHAIN}
        onClick={() => edit({ type: 'add', stage })}
      >
        Add a {STAGE_LABELS[stage].toLowerCase()} provider
      </button>
    </fieldset>
  );
}
