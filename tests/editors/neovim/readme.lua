-- The Lua snippets of editors/neovim/README.md, run as written in a real headless Neovim 0.11.
-- Run by tests/editors/run.sh as: nvim --headless -u NONE -i NONE -n -c 'luafile readme.lua'
-- Environment:
--   STATUSLINT_README_CASE  basic: the 0.11 setup, then the live rule-settings snippet
--                           config: the 0.11 setup, the vim.lsp.config override, fix on save, live settings
--                           setup: the setup() snippet, then the live rule-settings snippet
--   STATUSLINT_README       editors/neovim/README.md
--   STATUSLINT_NEOVIM       the repo's editors/neovim folder (replaces /path/to/statuslint/editors/neovim)
--   STATUSLINT_BIN          the statuslint binary (replaces ~/src/statuslint/target/release/statuslint;
--                           its folder is on PATH, where the snippets' `statuslint` is found)
--   STATUSLINT_ROOT         a temporary copy of examples/axum-service
-- The only edits to a snippet are those two paths. Every ```lua block must be known here.
-- Prints "ok: ..." lines, then PASS, or FAIL at the first failure.

local support = dofile(debug.getinfo(1, 'S').source:sub(2):match('(.*/)') .. 'support.lua')
local say, getenv, read_file, wait_for = support.say, support.getenv, support.read_file, support.wait_for

local function plain_replace(s, old, new)
  local i, j = s:find(old, 1, true)
  while i do
    s = s:sub(1, i - 1) .. new .. s:sub(j + 1)
    i, j = s:find(old, i + #new, true)
  end
  return s
end

-- The README's lua blocks by what they are; an unknown block is an error.
local function snippets(readme, neovim, bin)
  local kinds = {
    { name = 'lspconfig', marker = "require('lspconfig" },
    { name = 'live', marker = 'didChangeConfiguration' },
    { name = 'fix_on_save', marker = 'BufWritePre' },
    { name = 'setup', marker = "require('statuslint').setup" },
    { name = 'config', marker = "vim.lsp.config('statuslint'" },
    { name = 'basic', marker = "vim.lsp.enable('statuslint')" },
  }
  local found = {}
  for block in readme:gmatch('```lua\n(.-)```') do
    local kind
    for _, k in ipairs(kinds) do
      if block:find(k.marker, 1, true) then
        kind = k.name
        break
      end
    end
    if not kind then
      error('editors/neovim/README.md has a Lua block this test does not know:\n' .. block, 0)
    end
    if found[kind] then
      error('two README blocks of kind ' .. kind, 0)
    end
    block = plain_replace(block, '/path/to/statuslint/editors/neovim', neovim)
    block = plain_replace(block, "vim.fn.expand('~/src/statuslint/target/release/statuslint')", vim.inspect(bin))
    found[kind] = block
  end
  for _, k in ipairs(kinds) do
    if not found[k.name] then
      error('editors/neovim/README.md has no ' .. k.name .. ' snippet', 0)
    end
  end
  return found
end

local function run_snippet(blocks, kind)
  local chunk, err = load(blocks[kind], 'README ' .. kind .. ' snippet')
  if not chunk then
    error(err, 0)
  end
  chunk()
  say('ok: ran the README ' .. kind .. ' snippet')
end

local function diag(bufnr, rule)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'statuslint' and d.code == rule then
      return d
    end
  end
end

local severity = { 'error', 'warning', 'info', 'hint' }

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  wait_for('the statuslint client to attach', function()
    return #vim.lsp.get_clients({ bufnr = bufnr, name = 'statuslint' }) > 0
  end)
  return bufnr
end

-- The live snippet turns missing-allow (an error by default) into a warning.
local function check_live(blocks, bufnr)
  wait_for('missing-allow', function()
    return diag(bufnr, 'missing-allow') ~= nil
  end)
  local before = severity[diag(bufnr, 'missing-allow').severity]
  if before ~= 'error' then
    error('missing-allow is ' .. before .. ' before the live snippet, expected error', 0)
  end
  run_snippet(blocks, 'live')
  wait_for('missing-allow to become a warning', function()
    local d = diag(bufnr, 'missing-allow')
    return d ~= nil and severity[d.severity] == 'warning'
  end)
  say('ok: the live snippet made missing-allow a warning')
end

local function run()
  local case = getenv('STATUSLINT_README_CASE')
  local root = getenv('STATUSLINT_ROOT')
  local blocks = snippets(read_file(getenv('STATUSLINT_README')), getenv('STATUSLINT_NEOVIM'), getenv('STATUSLINT_BIN'))
  say('ok: README Lua blocks: basic, config, setup, fix_on_save, live (lspconfig not run: not installable here)')
  vim.cmd('filetype on')
  if case == 'basic' then
    run_snippet(blocks, 'basic')
    check_live(blocks, open(root .. '/src/legacy.rs'))
  elseif case == 'config' then
    run_snippet(blocks, 'basic')
    run_snippet(blocks, 'config')
    run_snippet(blocks, 'fix_on_save')
    local path = root .. '/src/notes.rs'
    local bufnr = open(path)
    wait_for('body-not-allowed', function()
      return diag(bufnr, 'body-not-allowed') ~= nil
    end)
    -- The override's settings reached the server: missing-created-location is off there.
    if diag(bufnr, 'missing-created-location') then
      error('missing-created-location is reported although the snippet turns it off', 0)
    end
    say('ok: the vim.lsp.config settings turned missing-created-location off')
    vim.cmd('silent write')
    local disk = read_file(path)
    if disk:find('Json(json!({ "deleted": id }))', 1, true) then
      error('fix on save did not remove the 204 body:\n' .. disk, 0)
    end
    say('ok: fix on save removed the 204 body')
    -- The same autocmd fixes TypeScript on save (its pattern once matched *.rs only).
    local ts = root .. '/web/items.ts'
    vim.fn.mkdir(root .. '/web', 'p')
    vim.fn.writefile({
      "import express from 'express';",
      'const app = express();',
      "app.delete('/items/:id', (req, res) => {",
      '  res.status(204).json({ deleted: true });',
      '});',
    }, ts)
    local tsbuf = open(ts)
    wait_for('body-not-allowed in the .ts file', function()
      return diag(tsbuf, 'body-not-allowed') ~= nil
    end)
    vim.cmd('silent write')
    local ts_disk = read_file(ts)
    if not ts_disk:find('res.status(204).end();', 1, true) then
      error('fix on save did not fix the .ts file:\n' .. ts_disk, 0)
    end
    say('ok: fix on save removed the 204 body in a .ts file')
    check_live(blocks, open(root .. '/src/legacy.rs'))
  elseif case == 'setup' then
    run_snippet(blocks, 'setup')
    check_live(blocks, open(root .. '/src/legacy.rs'))
  else
    error('unknown STATUSLINT_README_CASE ' .. case, 0)
  end
end

support.finish(run)
