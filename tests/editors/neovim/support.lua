-- Helpers shared by the Neovim tests (test.lua, readme.lua), loaded with dofile; Neovim 0.7+.
local M = { TIMEOUT = 15000 }

function M.say(msg)
  io.stdout:write(msg .. '\n')
end

function M.getenv(name)
  local v = os.getenv(name)
  if v == nil or v == '' then
    error('environment variable ' .. name .. ' is not set', 0)
  end
  return v
end

function M.read_file(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

function M.wait_for(what, pred)
  if not vim.wait(M.TIMEOUT, pred, 20) then
    error('timed out after ' .. M.TIMEOUT .. ' ms waiting for ' .. what, 0)
  end
end

-- Runs the test: PASS and exit 0, or FAIL with the error and exit 1 (run.sh also requires PASS).
function M.finish(run)
  local ok, err = pcall(run)
  if ok then
    M.say('PASS')
    vim.cmd('qall!')
  else
    M.say('FAIL: ' .. tostring(err))
    vim.cmd('cquit 1')
  end
end

return M
