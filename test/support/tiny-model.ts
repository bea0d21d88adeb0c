// Writes a tiny, deterministic BERT-shaped embedding model that
// @huggingface/transformers v4 loads fully offline (`dtype: 'q8'`), so tests
// never need the Hugging Face hub. Its vectors carry no real meaning, but
// mean pooling over per-token embeddings makes texts that share words land
// closer together than unrelated texts, which is enough for search tests.

import fs from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { mulberry32 } from './prng.js';

export interface TinyModelOptions {
  /** hidden_size of the model and length of the pooled vector (default 384). */
  dim?: number;
  /** PRNG seed; the same seed yields byte-identical files (default 42). */
  seed?: number;
}

const DEFAULT_MODEL_ID = 'test/tiny-minilm';
const MODEL_MAX_LENGTH = 256;
const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

// Whole-word tokens; anything else falls back to letter/digit pieces, so every
// ASCII word still tokenizes without [UNK].
const WORDS = `
the of and to in is it that for on with as was at by be this are or from an
but not have has had were which their they you your we our us he she his her
its them then than there these those what when where who why how all any each
some more most other such no nor only own same so too very can will just do
does did done should would could may might must shall about above after again
against below between into through during before under over out up down off
here once both few new old good bad big small long short high low first last
next one two three four five six seven eight nine ten zero true false null none
yes use used using make made get got set put run ran see saw go went come came
take took give gave find found know knew think thought work worked want need
like look keep let begin seem help show hear play move live believe hold bring
write wrote read provide sit sat stand lose pay meet include continue learn change
lead understand watch follow stop create speak allow add spend grow open walk win
offer remember love consider appear buy wait serve die send expect build stay fall
cut reach kill remain suggest raise pass sell require report decide pull
cat dog mat hat sun moon tree house car road water fire food time day year week
people way man woman child world life hand part place case point group problem
fact eye home room mother father city story night morning word idea question
answer name team
database lancedb sqlite postgres sql query queries table tables row rows column
index schema search vector vectors embedding embeddings similarity semantic
cosine distance nearest neighbor model models token tokens tokenizer text
test tests testing unit integration assert mock fixture file files folder
directory path error errors exception warning log logs debug trace stack bug
bugs fix fixed fixes patch issue issues feature features refactor refactoring
rename cleanup lint format build compile compiler bundle release deploy version
typescript javascript python rust java go node npm deno bun json yaml toml
markdown html css react vue git github commit commits branch merge rebase push
pull diff review session sessions memory memories store stored save load cache
quality score metric metrics benchmark performance latency speed slow fast
server client api http request response endpoint mcp protocol tool tools
extension vscode editor workspace project config configuration setting settings
option options function method class interface type types variable constant
module import export package dependency dependencies install script command
shell terminal process thread worker async await promise callback event
handler listener string number boolean array object map list queue
key value data input output user users auth token secret password
security permission network socket port host local remote download upload
document documentation comment comments readme changelog todo plan task tasks
context prompt agent assistant ai llm chat message messages summary note notes
`;

// Common continuation pieces so inflected words split naturally.
const SUFFIXES = ['s', 'es', 'ed', 'ing', 'er', 'ers', 'ly', 'tion', 'ment', 'ness', 'able', 'al', 'ity', 'ize', 'ful', 'less'];

/** Builds the WordPiece vocabulary: specials, single chars, ## chars, suffixes, words. */
function buildVocab(): string[] {
  const seen = new Set<string>();
  const vocab: string[] = [];
  const add = (token: string): void => {
    if (!seen.has(token)) {
      seen.add(token);
      vocab.push(token);
    }
  };
  SPECIAL_TOKENS.forEach(add);
  const alnum = 'abcdefghijklmnopqrstuvwxyz0123456789';
  // BertPreTokenizer splits every ASCII punctuation char into its own token.
  const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
  for (const ch of alnum + punctuation) add(ch);
  for (const ch of alnum) add(`##${ch}`);
  for (const suffix of SUFFIXES) add(`##${suffix}`);
  for (const word of WORDS.split(/\s+/)) if (word) add(word);
  return vocab;
}


/** Little-endian float32 bytes, independent of host endianness. */
function floatBytes(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return out;
}

// Subset of onnx/onnx.proto (proto2) needed to write an inference graph.
// Field numbers must match the upstream schema exactly.
const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: 'repeated', type: 'float', id: 7 },
            ints: { rule: 'repeated', type: 'int64', id: 8 },
            type: { type: 'int32', id: 20 },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            doc_string: { type: 'string', id: 3 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: 'repeated', type: 'string', id: 1 },
            output: { rule: 'repeated', type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            op_type: { type: 'string', id: 4 },
            attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
            doc_string: { type: 'string', id: 6 },
            domain: { type: 'string', id: 7 },
          },
        },
        ModelProto: {
          fields: {
            ir_version: { type: 'int64', id: 1 },
            producer_name: { type: 'string', id: 2 },
            producer_version: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            model_version: { type: 'int64', id: 5 },
            doc_string: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            opset_import: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: 'repeated', type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: 'repeated', type: 'TensorProto', id: 5 },
            doc_string: { type: 'string', id: 10 },
            input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
            output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
            value_info: { rule: 'repeated', type: 'ValueInfoProto', id: 13 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: 'repeated', type: 'int64', id: 1 },
            data_type: { type: 'int32', id: 2 },
            name: { type: 'string', id: 8 },
            raw_data: { type: 'bytes', id: 9 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dim_value', 'dim_param'] } },
              fields: {
                dim_value: { type: 'int64', id: 1 },
                dim_param: { type: 'string', id: 2 },
              },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ['tensor_type'] } },
          fields: { tensor_type: { type: 'Tensor', id: 1 } },
          nested: {
            Tensor: {
              fields: {
                elem_type: { type: 'int32', id: 1 },
                shape: { type: 'TensorShapeProto', id: 2 },
              },
            },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { type: 'string', id: 1 },
            version: { type: 'int64', id: 2 },
          },
        },
      },
    },
  },
};

// TensorProto.DataType and AttributeProto.AttributeType values used below.
const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;

interface TensorInit {
  name: string;
  data_type: number;
  dims: number[];
  raw_data: Uint8Array;
}

type Dim = number | string;

function valueInfo(name: string, elemType: number, dims: readonly Dim[]): object {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

function node(opType: string, inputs: string[], outputs: string[], attribute: object[] = []): object {
  return { op_type: opType, name: `${opType}_${outputs[0]}`, input: inputs, output: outputs, attribute };
}

/** Serialises the graph: last_hidden_state = tanh((E[ids] + T[types]) W + b) * mask. */
function buildOnnx(vocabSize: number, dim: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  const uniform = (n: number, scale: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * scale;
    return out;
  };

  // Unit-variance word vectors; specials are damped so [CLS]/[SEP], present in
  // every text, do not pull all pooled vectors towards one direction.
  const words = uniform(vocabSize * dim, Math.sqrt(3));
  const specials = words.subarray(0, SPECIAL_TOKENS.length * dim);
  specials.set(specials.map((v) => v * 0.1));
  const types = uniform(2 * dim, 0.05);
  // Var(W) = 1/dim keeps pre-activations near unit variance, tanh out of saturation.
  const weight = uniform(dim * dim, Math.sqrt(3 / dim));
  const bias = uniform(dim, 0.01);

  const initializer: TensorInit[] = [
    { name: 'word_embeddings', data_type: FLOAT, dims: [vocabSize, dim], raw_data: floatBytes(words) },
    { name: 'token_type_embeddings', data_type: FLOAT, dims: [2, dim], raw_data: floatBytes(types) },
    { name: 'dense_weight', data_type: FLOAT, dims: [dim, dim], raw_data: floatBytes(weight) },
    { name: 'dense_bias', data_type: FLOAT, dims: [dim], raw_data: floatBytes(bias) },
    { name: 'mask_axes', data_type: INT64, dims: [1], raw_data: int64Bytes([-1]) },
  ];

  const seq = ['batch_size', 'sequence_length'];
  const graph = {
    name: 'tiny_bert',
    node: [
      node('Gather', ['word_embeddings', 'input_ids'], ['word_embeds']),
      node('Gather', ['token_type_embeddings', 'token_type_ids'], ['type_embeds']),
      node('Add', ['word_embeds', 'type_embeds'], ['embeds']),
      node('MatMul', ['embeds', 'dense_weight'], ['projected']),
      node('Add', ['projected', 'dense_bias'], ['biased']),
      node('Tanh', ['biased'], ['activated']),
      // Consuming attention_mask keeps it a real input (ORT rejects undeclared
      // feeds, and transformers.js always feeds it) and zeroes padding rows.
      node('Cast', ['attention_mask'], ['mask_float'], [{ name: 'to', type: ATTR_INT, i: FLOAT }]),
      node('Unsqueeze', ['mask_float', 'mask_axes'], ['mask_3d']),
      node('Mul', ['activated', 'mask_3d'], ['last_hidden_state']),
    ],
    initializer,
    input: [
      valueInfo('input_ids', INT64, seq),
      valueInfo('attention_mask', INT64, seq),
      valueInfo('token_type_ids', INT64, seq),
    ],
    output: [valueInfo('last_hidden_state', FLOAT, [...seq, dim])],
  };

  const root = protobuf.Root.fromJSON(ONNX_SCHEMA);
  const ModelProto = root.lookupType('onnx.ModelProto');
  const model = ModelProto.fromObject({
    ir_version: 8,
    producer_name: 'session-mgmt-tiny-model',
    producer_version: '1',
    model_version: 1,
    opset_import: [{ domain: '', version: 13 }],
    graph,
  });
  return ModelProto.encode(model).finish();
}

function tokenizerJson(vocab: readonly string[]): object {
  const ids = new Map(vocab.map((token, id) => [token, id] as const));
  const special = (token: string, typeId: number): object => ({ SpecialToken: { id: token, type_id: typeId } });
  const specialEntry = (token: string): object => ({ id: token, ids: [ids.get(token)], tokens: [token] });
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: MODEL_MAX_LENGTH, strategy: 'LongestFirst', stride: 0 },
    padding: {
      strategy: 'BatchLongest',
      direction: 'Right',
      pad_to_multiple_of: null,
      pad_id: 0,
      pad_type_id: 0,
      pad_token: '[PAD]',
    },
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]', 0)],
      pair: [
        special('[CLS]', 0),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]', 0),
        { Sequence: { id: 'B', type_id: 1 } },
        special('[SEP]', 1),
      ],
      special_tokens: { '[CLS]': specialEntry('[CLS]'), '[SEP]': specialEntry('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

function configJson(vocabSize: number, dim: number): object {
  // BERT-shaped metadata; only model_type and hidden_size matter to the loader.
  // No "transformers.js_config": callers must pass dtype 'q8' themselves, as
  // they would for the real all-MiniLM-L6-v2, so a missing dtype fails loudly.
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    num_hidden_layers: 1,
    num_attention_heads: dim % 12 === 0 ? 12 : 1,
    intermediate_size: dim * 4,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    initializer_range: 0.02,
    layer_norm_eps: 1e-12,
    pad_token_id: 0,
    position_embedding_type: 'absolute',
    vocab_size: vocabSize,
  };
}

function tokenizerConfigJson(): object {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    do_basic_tokenize: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    model_max_length: MODEL_MAX_LENGTH,
    padding_side: 'right',
    truncation_side: 'right',
    clean_up_tokenization_spaces: true,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  };
}

/**
 * Writes the model under `<rootDir>/<modelId>/` (config.json, tokenizer.json,
 * tokenizer_config.json, onnx/model_quantized.onnx) and returns that directory.
 * Load it with `env.localModelPath = rootDir` and `pipeline('feature-extraction', modelId, { dtype: 'q8' })`.
 */
export function writeTinyModel(rootDir: string, modelId = DEFAULT_MODEL_ID, opts: TinyModelOptions = {}): string {
  const dim = opts.dim ?? 384;
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);

  const vocab = buildVocab();
  const modelDir = path.join(rootDir, ...modelId.split('/'));
  fs.mkdirSync(path.join(modelDir, 'onnx'), { recursive: true });

  const writeJson = (name: string, value: object): void =>
    fs.writeFileSync(path.join(modelDir, name), `${JSON.stringify(value, null, 2)}\n`);
  writeJson('config.json', configJson(vocab.length, dim));
  writeJson('tokenizer.json', tokenizerJson(vocab));
  writeJson('tokenizer_config.json', tokenizerConfigJson());
  // dtype 'q8' selects this file name; float32 weights load fine under it.
  fs.writeFileSync(path.join(modelDir, 'onnx', 'model_quantized.onnx'), buildOnnx(vocab.length, dim, seed));
  return modelDir;
}
