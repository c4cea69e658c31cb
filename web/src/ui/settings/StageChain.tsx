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
import type { FieldErrors } from '../../settings/settings-body.ts';
import {
  environmentText,
  orderText,
  STAGE_NAMES,
  warningText,
} from '../../settings/settings-text.ts';
import { useIntl } from 'react-intl';
import { ProviderEntryFields } from './ProviderEntryFields.tsx';

/** Each stage's "Add a … provider" button. */
const ADD = { asr: 'chain.add.asr', llm: 'chain.add.llm', tts: 'chain.add.tts' } as const;

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
  const intl = useIntl();
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
      <legend>{intl.formatMessage({ id: STAGE_NAMES[stage] })}</legend>
      <p id={noteId} className={locked ? 'notice notice-warn' : 'field-hint'}>
        {locked
          ? environmentText(intl, stage)
          : intl.formatMessage({ id: chain.length > 1 ? 'chain.inOrder' : 'chain.addSecond' })}
      </p>
      {warnings.map((w) => (
        <p
          key={`${w.code}-${w.provider}`}
          className="notice notice-warn"
          data-testid="stage-warning"
          data-code={w.code}
        >
          {warningText(intl, w)}
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
            order={orderText(intl, stage, chain, index)}
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
        {intl.formatMessage({ id: ADD[stage] })}
      </button>
    </fieldset>
  );
}
