-- End-to-end test of statuslint in a real, headless Neovim (0.7 and 0.11+).
-- Run by tests/editors/run.sh as: nvim --headless -u NONE -i NONE -n -c 'luafile test.lua'
-- Environment:
--   STATUSLINT_MODE    start_client (0.7 API) | enable (0.11: editors/neovim/lsp/statuslint.lua)
--                      | setup (editors/neovim/lua/statuslint setup())
--   STATUSLINT_BIN     the statuslint binary
--   STATUSLINT_CASES   cases.json: what to expect and which fixes to apply
--   STATUSLINT_FILE    a temporary copy of the Rust file to open (edited, never the repo's)
--   STATUSLINT_NEOVIM  the repo's editors/neovim folder
-- Prints "ok: ..." lines, exits 0 on success and 1 (cquit) on the first failure.

local TIMEOUT = 15000

local function say(msg)
  io.stdout:write(msg .. '\n')
end

local function getenv(name)
  local v = os.getenv(name)
  if v == nil or v == '' then
    error('environment variable ' .. name .. ' is not set', 0)
  end
  return v
end

local function read_file(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

local function buf_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

-- Plain (non-pattern) replace of the first occurrence.
local function replace_once(s, old, new)
  local i, j = s:find(old, 1, true)
  if not i then
    return nil
  end
  return s:sub(1, i - 1) .. new .. s:sub(j + 1)
end

local severity_names = { 'error', 'warning', 'info', 'hint' }

local function statuslint_diags(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'statuslint' then
      table.insert(out, d)
    end
  end
  return out
end

local function describe(diags)
  local parts = {}
  for _, d in ipairs(diags) do
    table.insert(parts, ('%d:%d %s %s'):format(d.lnum + 1, d.col + 1, tostring(d.code), d.message))
  end
  return '[' .. table.concat(parts, '; ') .. ']'
end

-- The statuslint diagnostic of `rule` on the line that contains `needle`, if any.
local function find_diag(bufnr, rule, needle)
  for _, d in ipairs(statuslint_diags(bufnr)) do
    local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
    if d.code == rule and line:find(needle, 1, true) then
      return d, line
    end
  end
  return nil
end

local function wait_for(what, pred)
  if not vim.wait(TIMEOUT, pred, 20) then
    error('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what, 0)
  end
end

-- The LSP form of a vim.diagnostic entry (0.7 keeps only part of it in user_data.lsp).
local function to_lsp(d, client)
  local lsp = (d.user_data or {}).lsp or {}
  local range = lsp.range
  if not range then
    -- Fixture lines are ASCII, so byte columns equal UTF-16 and UTF-8 columns.
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum, character = d.end_col },
    }
  end
  return {
    range = range,
    severity = d.severity,
    code = d.code,
    source = d.source,
    message = d.message,
    data = lsp.data,
  }
end

local function get_client(id)
  return vim.lsp.get_client_by_id(id)
end

local function code_actions(bufnr, client, diag)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = diag.range,
    context = { diagnostics = { diag }, only = { 'quickfix' } },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, TIMEOUT)
  if not responses then
    error('codeAction request failed: ' .. tostring(err), 0)
  end
  local r = responses[client.id]
  if not r then
    error('no codeAction response from statuslint', 0)
  end
  if r.err then
    error('codeAction error: ' .. vim.inspect(r.err), 0)
  end
  return r.result or {}
end

local function resolve(bufnr, client, action)
  if action.edit or action.command then
    return action
  end
  local responses = vim.lsp.buf_request_sync(bufnr, 'codeAction/resolve', action, TIMEOUT) or {}
  local r = responses[client.id]
  if not r or r.err or not r.result then
    error('codeAction/resolve failed: ' .. vim.inspect(r), 0)
  end
  return r.result
end

local function start(mode, bin, file, spec)
  local rules = (spec.settings or {}).rules or {}
  local settings = { statuslint = { rules = rules } }
  local client_id
  if mode == 'start_client' then
    -- Neovim 0.7: no vim.lsp.start; start the client and attach the buffer by hand.
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    client_id = vim.lsp.start_client({
      name = 'statuslint',
      cmd = { bin, 'lsp' },
      root_dir = vim.fn.fnamemodify(file, ':h'),
      init_options = { rules = rules },
      settings = settings,
    })
    if not client_id then
      error('vim.lsp.start_client failed', 0)
    end
    vim.lsp.buf_attach_client(0, client_id)
  elseif mode == 'enable' then
    -- Neovim 0.11+: the repo's lsp/statuslint.lua found through 'runtimepath'.
    vim.opt.runtimepath:prepend(getenv('STATUSLINT_NEOVIM'))
    vim.lsp.config('statuslint', { cmd = { bin, 'lsp' }, settings = settings })
    vim.lsp.enable('statuslint')
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
  elseif mode == 'setup' then
    -- Neovim 0.8-0.10 way: the repo's lua/statuslint module, started on FileType rust.
    vim.opt.runtimepath:prepend(getenv('STATUSLINT_NEOVIM'))
    require('statuslint').setup({ cmd = { bin, 'lsp' }, settings = settings })
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
  else
    error('unknown STATUSLINT_MODE ' .. mode, 0)
  end
  local bufnr = vim.api.nvim_get_current_buf()
  if mode ~= 'start_client' then
    if vim.bo[bufnr].filetype ~= 'rust' then
      error('filetype detection did not set rust (got ' .. vim.bo[bufnr].filetype .. ')', 0)
    end
    wait_for('the statuslint client to attach', function()
      for _, c in pairs((vim.lsp.get_clients or vim.lsp.get_active_clients)({ bufnr = bufnr })) do
        if c.name == 'statuslint' then
          client_id = c.id
          return true
        end
      end
      return false
    end)
  end
  return bufnr, client_id
end

local original

local function run()
  local mode = getenv('STATUSLINT_MODE')
  local bin = getenv('STATUSLINT_BIN')
  local file = getenv('STATUSLINT_FILE')
  local spec = vim.json.decode(read_file(getenv('STATUSLINT_CASES')))
  original = read_file(file)
  vim.cmd('filetype on')

  local bufnr, client_id = start(mode, bin, file, spec)
  local client = get_client(client_id)
  say(('ok: %s attached (%s, encoding %s)'):format(client.name, mode, tostring(client.offset_encoding)))

  local first = spec.cases[1]
  wait_for('a ' .. first.rule .. ' diagnostic', function()
    return find_diag(bufnr, first.rule, first.before) ~= nil
  end)
  say('ok: diagnostics arrived: ' .. describe(statuslint_diags(bufnr)))

  -- A rule level passed in the settings reaches the server.
  for _, o in ipairs(spec.severity_overrides or {}) do
    wait_for(o.rule .. ' on ' .. o.line_contains, function()
      return find_diag(bufnr, o.rule, o.line_contains) ~= nil
    end)
    local d = find_diag(bufnr, o.rule, o.line_contains)
    if severity_names[d.severity] ~= o.severity then
      error(('%s: severity %s, expected %s from the settings'):format(o.rule, severity_names[d.severity], o.severity), 0)
    end
    say(('ok: %s reported as %s (set in settings)'):format(o.rule, o.severity))
  end

  for _, case in ipairs(spec.cases) do
    wait_for(case.rule .. ' on ' .. case.before, function()
      return find_diag(bufnr, case.rule, case.before) ~= nil
    end)
    local d, line = find_diag(bufnr, case.rule, case.before)
    if severity_names[d.severity] ~= case.severity then
      error(('%s: severity %s, expected %s'):format(case.rule, tostring(severity_names[d.severity]), case.severity), 0)
    end
    local range_text = line:sub(d.col + 1, d.end_col)
    if d.end_lnum ~= d.lnum or range_text ~= case.range_text then
      error(('%s: range covers %q, expected %q'):format(case.rule, range_text, case.range_text), 0)
    end
    say(('ok: %s at %d:%d on %q: %s'):format(case.rule, d.lnum + 1, d.col + 1, range_text, d.message))

    local actions = code_actions(bufnr, client, to_lsp(d, client))
    local chosen
    local titles = {}
    for _, a in ipairs(actions) do
      table.insert(titles, a.title)
      if not chosen and a.title:sub(1, #case.action) == case.action then
        chosen = a
      end
    end
    if not chosen then
      error(('%s: no code action titled %q; got %s'):format(case.rule, case.action, vim.inspect(titles)), 0)
    end
    say(('ok: code actions: %s'):format(table.concat(titles, ' | ')))
    chosen = resolve(bufnr, client, chosen)
    if not chosen.edit then
      error(('%s: code action %q has no edit'):format(case.rule, chosen.title), 0)
    end

    local before_text = buf_text(bufnr)
    local expected = replace_once(before_text, case.before, case.after)
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    local got = buf_text(bufnr)
    if got ~= expected then
      error(('%s: after %q the text is\n%s\nexpected\n%s'):format(case.rule, chosen.title, got, expected), 0)
    end
    say(('ok: applied %q: %s'):format(chosen.title, case.after))

    wait_for('the ' .. case.rule .. ' diagnostic to go away', function()
      return find_diag(bufnr, case.rule, case.after) == nil
    end)
    say(('ok: %s diagnostic gone'):format(case.rule))
  end

  -- Rule levels change live: turn the overridden rule off through workspace/didChangeConfiguration.
  for _, o in ipairs(spec.severity_overrides or {}) do
    local settings = { statuslint = { rules = { [o.rule] = 'off' } } }
    if vim.fn.has('nvim-0.11') == 1 then
      client:notify('workspace/didChangeConfiguration', { settings = settings })
    else
      client.notify('workspace/didChangeConfiguration', { settings = settings })
    end
    wait_for(o.rule .. ' to go away after turning it off', function()
      return find_diag(bufnr, o.rule, o.line_contains) == nil
    end)
    say(('ok: %s turned off live via workspace/didChangeConfiguration'):format(o.rule))
  end

  -- Fix on save, as editors/neovim/README.md sets it up: put the original text back, save, and expect
  -- the safe fixes (only) in the file on disk.
  if mode ~= 'start_client' then
    local lines = vim.split((original:gsub('\n$', '')), '\n', { plain = true })
    vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines)
    for _, case in ipairs(spec.cases) do
      wait_for(case.rule .. ' to come back', function()
        return find_diag(bufnr, case.rule, case.before) ~= nil
      end)
    end
    vim.api.nvim_create_autocmd('BufWritePre', {
      pattern = '*.rs',
      callback = function(args)
        require('statuslint').fix_all(args.buf)
      end,
    })
    vim.cmd('silent write')
    local disk = read_file(file)
    for _, case in ipairs(spec.cases) do
      local want = case.safe and case.after or case.before
      if not disk:find(want, 1, true) then
        error(('fix on save: %s fix is %s, so the file should contain %q; it is\n%s'):format(
          case.rule, case.safe and 'safe' or 'unsafe', want, disk), 0)
      end
    end
    say('ok: fix on save applied the safe fixes only')
  end
end

local ok, err = pcall(run)
if ok then
  say('PASS')
  vim.cmd('qall!')
else
  say('FAIL: ' .. tostring(err))
  vim.cmd('cquit 1')
end
