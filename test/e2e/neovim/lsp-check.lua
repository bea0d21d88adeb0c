-- Neovim (0.7+) as the language server's client: attaches `dist/server.js lsp` to a project,
-- opens a file and asserts code lenses (raw and through vim.lsp.codelens), a hover on an
-- identifier and workspace symbols. Inputs come from the environment; the outcome is written
-- to LSP_CHECK_OUT as "ok <details>" or "FAIL <reason>", and Neovim exits 0 or 1.
local env = vim.env
local out_file = env.LSP_CHECK_OUT
local details = {}

local function finish(ok, msg)
  local f = assert(io.open(out_file, 'w'))
  f:write((ok and 'ok ' or 'FAIL ') .. msg .. '\n')
  f:close()
  vim.cmd(ok and 'qall!' or 'cquit! 1')
end

local function check(cond, msg)
  if not cond then error(msg, 0) end
end

local function run()
  local client_id = vim.lsp.start_client({
    name = 'session-mgmt',
    cmd = { env.LSP_NODE, env.LSP_SERVER_JS, 'lsp', '--data-dir', env.LSP_DATA_DIR },
    root_dir = env.LSP_ROOT,
    workspace_folders = { { uri = vim.uri_from_fname(env.LSP_ROOT), name = 'root' } },
  })
  check(client_id, 'vim.lsp.start_client returned nothing')

  vim.cmd('edit ' .. vim.fn.fnameescape(env.LSP_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  check(vim.wait(20000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true
  end, 50), 'the server did not initialize')

  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }

  -- Code lenses: one at the top, resolved on request.
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeLens', params, 10000)
  local lenses = res and res[client_id] and res[client_id].result
  check(lenses and #lenses == 1, 'expected one code lens, got ' .. vim.inspect(res))
  check(lenses[1].range.start.line == 0, 'the lens is not on the first line')
  local resolved = vim.lsp.buf_request_sync(bufnr, 'codeLens/resolve', lenses[1], 10000)
  local title = resolved[client_id].result.command.title
  check(title == env.LSP_EXPECT_LENS, 'lens title ' .. vim.inspect(title) .. ', expected ' .. env.LSP_EXPECT_LENS)
  table.insert(details, 'lens "' .. title .. '"')

  -- The same through Neovim's own code lens module (it resolves lenses itself).
  vim.lsp.codelens.refresh()
  check(vim.wait(10000, function()
    local got = vim.lsp.codelens.get(bufnr)
    return got and #got == 1 and got[1].command ~= nil and got[1].command.title == env.LSP_EXPECT_LENS
  end, 50), 'vim.lsp.codelens did not show the lens: ' .. vim.inspect(vim.lsp.codelens.get(bufnr)))

  -- Hover on the identifier.
  local line, col = tonumber(env.LSP_HOVER_LINE), tonumber(env.LSP_HOVER_COL)
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = params.textDocument,
    position = { line = line, character = col },
  }, 10000)
  local contents = hover and hover[client_id] and hover[client_id].result and hover[client_id].result.contents
  check(contents and contents.kind == 'markdown', 'no markdown hover: ' .. vim.inspect(hover))
  check(contents.value:find(env.LSP_EXPECT_HOVER, 1, true), 'hover lacks "' .. env.LSP_EXPECT_HOVER .. '": ' .. contents.value)
  local lines = vim.lsp.util.convert_input_to_markdown_lines(contents)
  check(#lines > 2, 'hover did not convert to markdown lines')
  table.insert(details, 'hover ' .. #lines .. ' lines')

  -- No hover on a keyword.
  local none = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = params.textDocument,
    position = { line = 0, character = 1 },
  }, 10000)
  check(none[client_id].result == nil, 'a keyword hovered: ' .. vim.inspect(none[client_id].result))

  -- Workspace symbols.
  local sym = vim.lsp.buf_request_sync(bufnr, 'workspace/symbol', { query = env.LSP_SYMBOL_QUERY }, 10000)
  local symbols = sym and sym[client_id] and sym[client_id].result
  check(symbols and #symbols >= 1, 'no workspace symbols: ' .. vim.inspect(sym))
  local want = vim.uri_from_fname(env.LSP_FILE)
  local found = false
  for _, s in ipairs(symbols) do
    if s.location.uri == want and s.name:find(env.LSP_EXPECT_SYMBOL, 1, true) then found = true end
  end
  check(found, 'no symbol at ' .. want .. ' named like "' .. env.LSP_EXPECT_SYMBOL .. '": ' .. vim.inspect(symbols))
  local items = vim.lsp.util.symbols_to_items(symbols, bufnr)
  check(#items == #symbols, 'symbols_to_items lost symbols')
  table.insert(details, #symbols .. ' symbols')

  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  return table.concat(details, ', ')
end

local ok, result = pcall(run)
finish(ok, tostring(result))
