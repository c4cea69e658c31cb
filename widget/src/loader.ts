import { defineParleyVoice } from './element/parley-voice.ts';

// The one-tag widget's loader (`<script src="https://relay.example/widget.js" defer>`), built
// as a classic script (widget/build.mjs): it defines `<parley-voice>` and nothing else. The call
// itself (VAD, onnxruntime, Opus) is the module beside it, fetched at the first press of Talk.
// `currentScript` is read now: it is null once the script has run.
const script = document.currentScript;
defineParleyVoice(script instanceof HTMLScriptElement && script.src !== '' ? script.src : null);
