-- statuslint for Neovim 0.8–0.10 (also works on 0.11+, where lsp/statuslint.lua is simpler):
--   require('statuslint').setup({
--     cmd = { 'statuslint', 'lsp' },                                  -- optional
--     settings = { statuslint = { rules = { ['missing-retry-after'] = 'warning' } } },
--     on_attach = function(client, bufnr) end,                       -- optional
--   })
-- Fix on save (safe fixes only), on any version:
--   vim.api.nvim_create_autocmd('BufWritePre', {
--     pattern = { '*.rs', '*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs', '*.py', '*.go' },
--     callback = function(args) require('statuslint').fix_all(args.buf) end })
-- Starts (or reuses, per project root) the server for every Rust, TypeScript, JavaScript, Python and Go
-- buffer with vim.lsp.start.
local M = {}

M.defaults = {
  name = 'statuslint',
  cmd = { 'statuslint', 'lsp' },
  filetypes = { 'rust', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go' },
  root_markers = { 'statuslint.toml', 'Cargo.toml', '.git' },
  -- No default `settings`: an empty Lua table is sent as a JSON array, not an object.
}

local warned = false

-- The nearest folder holding one of the markers (tried in order), else the file's folder.
local function find_root(fname, markers)
  local dir = vim.fs.dirname(fname)
  for _, marker in ipairs(markers) do
    local found = vim.fs.find(marker, { path = dir, upward = true })[1]
    if found then
      return vim.fs.dirname(found)
    end
  end
  return dir
end

--- The vim.lsp.start() config for one buffer.
function M.config(opts, bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local settings = opts.settings
  local rules = settings and settings.statuslint and settings.statuslint.rules
  local init_options = opts.init_options
  if init_options == nil and type(rules) == 'table' and next(rules) ~= nil then
    -- The server reads rules from initializationOptions at startup and from settings afterwards.
    init_options = { rules = rules }
  end
  return {
    name = opts.name,
    cmd = opts.cmd,
    root_dir = find_root(fname ~= '' and fname or vim.fn.getcwd() .. '/x', opts.root_markers),
    init_options = init_options,
    settings = settings,
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
  }
end

function M.start(bufnr, opts)
  opts = opts or M.opts or M.defaults
  if vim.fn.executable(opts.cmd[1]) ~= 1 then
    if not warned then
      warned = true
      vim.notify(
        ('statuslint: %q is not executable; install statuslint or pass cmd = { "/path/to/statuslint", "lsp" } to setup()'):format(
          opts.cmd[1]
        ),
        vim.log.levels.ERROR
      )
    end
    return nil
  end
  local config = M.config(opts, bufnr)
  -- vim.lsp.start attaches the current buffer (its bufnr option only exists from 0.9 on).
  local id
  vim.api.nvim_buf_call(bufnr, function()
    id = vim.lsp.start(config)
  end)
  return id
end

--- Applies statuslint's safe fixes to a buffer (the `source.fixAll.statuslint` code action),
--- synchronously, so it can run from BufWritePre. Returns true when something was applied.
function M.fix_all(bufnr, timeout_ms)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = {
      start = { line = 0, character = 0 },
      ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 },
    },
    context = { only = { 'source.fixAll.statuslint' }, diagnostics = {} },
  }
  timeout_ms = timeout_ms or 1000
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout_ms) or {}
  local applied = false
  for id, response in pairs(responses) do
    local client = vim.lsp.get_client_by_id(id)
    if client and client.name == 'statuslint' then
      for _, action in ipairs(response.result or {}) do
        if not action.edit and action.data ~= nil then
          -- The server computes the edit lazily when the client supports codeAction/resolve.
          local resolved
          if vim.fn.has('nvim-0.11') == 1 then
            resolved = client:request_sync('codeAction/resolve', action, timeout_ms, bufnr)
          else
            resolved = client.request_sync('codeAction/resolve', action, timeout_ms, bufnr)
          end
          action = resolved and resolved.result or action
        end
        if action.edit then
          vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
          applied = true
        end
      end
    end
  end
  return applied
end

function M.setup(opts)
  if not vim.lsp.start then
    vim.notify('statuslint: setup() needs Neovim 0.8 or newer', vim.log.levels.ERROR)
    return
  end
  M.opts = vim.tbl_deep_extend('force', M.defaults, opts or {})
  local group = vim.api.nvim_create_augroup('statuslint', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = M.opts.filetypes,
    callback = function(args)
      M.start(args.buf, M.opts)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.opts.filetypes, vim.bo[buf].filetype) then
      M.start(buf, M.opts)
    end
  end
end

return M
