-- End-to-end test of statuslint in a real, headless Neovim (0.7 and 0.11+).
-- Run by tests/editors/run.sh as: nvim --headless -u NONE -i NONE -n -c 'luafile test.lua'
-- Environment:
--   STATUSLINT_MODE    start_client (0.7 API) | enable (0.11: editors/neovim/lsp/statuslint.lua)
--                      | setup (editors/neovim/lua/statuslint setup())
--   STATUSLINT_BIN     the statuslint binary
--   STATUSLINT_CASES   cases.json: the files to open, what to expect and which fixes to apply
--   STATUSLINT_ROOT    a temporary copy of the example project (edited, never the repo's)
--   STATUSLINT_NEOVIM  the repo's editors/neovim folder
--   STATUSLINT_PLAIN   1: configure no rule settings at all (the defaults a new user gets); the steps
--                      about rule levels are then left out
-- Prints "ok: ..." lines, then PASS (exit 0) or FAIL (cquit 1) at the first failure.

local support = dofile(debug.getinfo(1, 'S').source:sub(2):match('(.*/)') .. 'support.lua')
local TIMEOUT, say, getenv, read_file, wait_for =
  support.TIMEOUT, support.say, support.getenv, support.read_file, support.wait_for

local function buf_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
end

-- Plain (non-pattern) replace of the first occurrence.
local function replace_once(s, old, new)
  local i, j = s:find(old, 1, true)
  if not i then
    error('the file does not contain ' .. old, 0)
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
    table.insert(parts, ('%d:%d %s'):format(d.lnum + 1, d.col + 1, tostring(d.code)))
  end
  return '[' .. table.concat(parts, ', ') .. ']'
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

-- The LSP form of a vim.diagnostic entry (0.7 keeps only part of it in user_data.lsp).
local function to_lsp(d)
  local lsp = (d.user_data or {}).lsp or {}
  local range = lsp.range
  if not range then
    -- The example lines are ASCII, so byte columns equal UTF-16 and UTF-8 columns.
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum, character = d.end_col },
    }
  end
  return { range = range, severity = d.severity, code = d.code, source = d.source, message = d.message, data = lsp.data }
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

local function notify(client, method, params)
  if vim.fn.has('nvim-0.11') == 1 then
    client:notify(method, params)
  else
    client.notify(method, params)
  end
end

local mode, bin, root, spec, settings, rules
local client_id
-- Errors and warnings the server showed to the user (window/showMessage): there must be none.
local shown = {}

local function check_no_messages()
  if #shown > 0 then
    error('statuslint showed: ' .. table.concat(shown, ' | '), 0)
  end
end

-- Opens `path` the way `mode` sets statuslint up, and returns the buffer once the client is attached.
local function open(path, filetype)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  if mode == 'start_client' then
    -- Neovim 0.7: no vim.lsp.start; one client for the project, each buffer attached by hand.
    if not client_id then
      client_id = vim.lsp.start_client({
        name = 'statuslint',
        cmd = { bin, 'lsp' },
        root_dir = root,
        init_options = rules and { rules = rules } or nil,
        settings = settings,
      })
      if not client_id then
        error('vim.lsp.start_client failed', 0)
      end
    end
    vim.lsp.buf_attach_client(bufnr, client_id)
    return bufnr
  end
  if vim.bo[bufnr].filetype ~= filetype then
    error(('filetype detection did not set %s (got %s)'):format(filetype, vim.bo[bufnr].filetype), 0)
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
  return bufnr
end

local function check_file(file)
  local path = root .. '/' .. file.path
  local original = read_file(path)
  local bufnr = open(path, file.filetype or 'rust')
  local client = vim.lsp.get_client_by_id(client_id)
  if client.config.root_dir ~= root then
    error(('root_dir is %s, expected the project folder %s'):format(tostring(client.config.root_dir), root), 0)
  end
  say(('ok: %s: statuslint attached (encoding %s, root %s)'):format(file.path, tostring(client.offset_encoding), root))

  local first = file.cases[1]
  wait_for('a ' .. first.rule .. ' diagnostic', function()
    return find_diag(bufnr, first.rule, first.line) ~= nil
  end)
  say(('ok: %s: diagnostics %s'):format(file.path, describe(statuslint_diags(bufnr))))

  -- A rule level passed in the settings reaches the server.
  for _, o in ipairs(file.severity_overrides or {}) do
    wait_for(o.rule .. ' on ' .. o.line_contains, function()
      return find_diag(bufnr, o.rule, o.line_contains) ~= nil
    end)
    local d = find_diag(bufnr, o.rule, o.line_contains)
    if severity_names[d.severity] ~= o.severity then
      error(('%s: severity %s, expected %s from the settings'):format(o.rule, severity_names[d.severity], o.severity), 0)
    end
    say(('ok: %s reported as %s (set in settings)'):format(o.rule, o.severity))
  end

  for _, case in ipairs(file.cases) do
    wait_for(case.rule .. ' on ' .. case.line, function()
      return find_diag(bufnr, case.rule, case.line) ~= nil
    end)
    local d, line = find_diag(bufnr, case.rule, case.line)
    if severity_names[d.severity] ~= case.severity then
      error(('%s: severity %s, expected %s'):format(case.rule, tostring(severity_names[d.severity]), case.severity), 0)
    end
    local range_text = line:sub(d.col + 1, d.end_col)
    if d.end_lnum ~= d.lnum or range_text ~= case.range_text then
      error(('%s: range covers %q, expected %q'):format(case.rule, range_text, case.range_text), 0)
    end
    say(('ok: %s at %d:%d on %q: %s'):format(case.rule, d.lnum + 1, d.col + 1, range_text, d.message))

    local actions = code_actions(bufnr, client, to_lsp(d))
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

    local expected = replace_once(buf_text(bufnr), case.before, case.after)
    vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
    local got = buf_text(bufnr)
    if got ~= expected then
      error(('%s: after %q the text is\n%s\nexpected\n%s'):format(case.rule, chosen.title, got, expected), 0)
    end
    say(('ok: applied %q: %s'):format(chosen.title, case.fixed_line))

    -- The example has one diagnostic of each rule per file: none may remain.
    wait_for('the ' .. case.rule .. ' diagnostic to go away', function()
      return find_diag(bufnr, case.rule, '') == nil
    end)
    say(('ok: %s diagnostic gone'):format(case.rule))
  end

  -- Rule levels change live: turn the overridden rule off through workspace/didChangeConfiguration.
  for _, o in ipairs(file.severity_overrides or {}) do
    local off = vim.deepcopy(rules or {})
    off[o.rule] = 'off'
    notify(client, 'workspace/didChangeConfiguration', { settings = { statuslint = { rules = off } } })
    wait_for(o.rule .. ' to go away after turning it off', function()
      return find_diag(bufnr, o.rule, o.line_contains) == nil
    end)
    say(('ok: %s turned off live via workspace/didChangeConfiguration'):format(o.rule))
    notify(client, 'workspace/didChangeConfiguration', { settings = settings })
  end

  -- Fix on save, as editors/neovim/README.md sets it up: put the original text back, save, and expect
  -- the safe fixes (only) in the file on disk.
  if file.fix_on_save and mode ~= 'start_client' then
    local lines = vim.split((original:gsub('\n$', '')), '\n', { plain = true })
    vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines)
    for _, case in ipairs(file.cases) do
      wait_for(case.rule .. ' to come back', function()
        return find_diag(bufnr, case.rule, case.line) ~= nil
      end)
    end
    local group = vim.api.nvim_create_augroup('statuslint_test_fix_on_save', { clear = true })
    vim.api.nvim_create_autocmd('BufWritePre', {
      group = group,
      pattern = { '*.rs', '*.ts', '*.tsx', '*.mts', '*.cts', '*.js', '*.jsx', '*.mjs', '*.cjs', '*.py', '*.go' },
      callback = function(args)
        require('statuslint').fix_all(args.buf)
      end,
    })
    vim.cmd('silent write')
    local disk = read_file(path)
    for _, want in ipairs(file.fix_on_save.contains) do
      if not disk:find(want, 1, true) then
        error(('fix on save: the saved file lacks %q:\n%s'):format(want, disk), 0)
      end
    end
    for _, gone in ipairs(file.fix_on_save.absent) do
      if disk:find(gone, 1, true) then
        error(('fix on save: the saved file still has %q:\n%s'):format(gone, disk), 0)
      end
    end
    say('ok: fix on save applied the safe fixes only')
  end
end

local function run()
  mode = getenv('STATUSLINT_MODE')
  bin = getenv('STATUSLINT_BIN')
  root = getenv('STATUSLINT_ROOT')
  spec = vim.json.decode(read_file(getenv('STATUSLINT_CASES')))
  if os.getenv('STATUSLINT_PLAIN') == '1' then
    rules, settings = nil, nil
    for _, file in ipairs(spec.files) do
      file.severity_overrides = nil
    end
  else
    rules = (spec.settings or {}).rules or {}
    settings = { statuslint = { rules = rules } }
  end
  local show = vim.lsp.handlers['window/showMessage']
  vim.lsp.handlers['window/showMessage'] = function(err, result, ctx, config)
    if result and result.type <= 2 then
      table.insert(shown, result.message)
    end
    return show(err, result, ctx, config)
  end
  vim.cmd('filetype on')
  if mode == 'enable' then
    -- Neovim 0.11+: the repo's lsp/statuslint.lua, found through 'runtimepath'.
    vim.opt.runtimepath:prepend(getenv('STATUSLINT_NEOVIM'))
    vim.lsp.config('statuslint', { cmd = { bin, 'lsp' }, settings = settings })
    vim.lsp.enable('statuslint')
  elseif mode == 'setup' then
    -- The 0.8-0.10 way: the repo's lua/statuslint module, started on FileType rust.
    vim.opt.runtimepath:prepend(getenv('STATUSLINT_NEOVIM'))
    require('statuslint').setup({ cmd = { bin, 'lsp' }, settings = settings })
  elseif mode ~= 'start_client' then
    error('unknown STATUSLINT_MODE ' .. mode, 0)
  end
  for _, file in ipairs(spec.files) do
    if not file.editors or vim.tbl_contains(file.editors, 'neovim') then
      check_file(file)
      check_no_messages()
    end
  end
end

support.finish(run)
