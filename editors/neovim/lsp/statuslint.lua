-- statuslint for Neovim 0.11+.
--
-- Put editors/neovim on 'runtimepath' (or copy this file to ~/.config/nvim/lsp/statuslint.lua), then:
--   vim.lsp.enable('statuslint')
-- Rule levels (error | warning | info | hint | off) go in `settings`:
--   vim.lsp.config('statuslint', { settings = { statuslint = { rules = { ['missing-created-location'] = 'off' } } } })
---@type vim.lsp.Config
return {
  cmd = { 'statuslint', 'lsp' },
  filetypes = { 'rust', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python', 'go' },
  root_markers = { 'statuslint.toml', 'Cargo.toml', '.git' },
  -- No default `settings`: an empty Lua table is sent as a JSON array, not an object.
  -- The server reads rule levels from initializationOptions at startup; Neovim sends `settings` only
  -- afterwards (workspace/didChangeConfiguration), so pass the same rules in both.
  before_init = function(params, config)
    local s = config.settings and config.settings.statuslint
    if params.initializationOptions == nil and s and type(s.rules) == 'table' and next(s.rules) ~= nil then
      params.initializationOptions = { rules = s.rules }
    end
  end,
}
