-- Driven by neovim.sh: edits a page through Neovim's own LSP client and checks what it shows.
local root, site = os.getenv('PROJECT'), os.getenv('SITE_BIN')
local function fail(message)
  io.stderr:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

vim.cmd('edit ' .. root .. '/content/index.md')
local buf = vim.api.nvim_get_current_buf()
-- vim.lsp.start_client and buf_attach_client work from Neovim 0.7 (Debian 12) on.
local id = vim.lsp.start_client({ name = 'site', cmd = { site, 'lsp' }, root_dir = root })
if not id then fail('site lsp did not start') end
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(20000, function() return vim.lsp.buf_is_attached(buf, id) end, 50) then
  fail('the client never attached')
end
local client = vim.lsp.get_client_by_id(id)

-- Type a misquote into the definition (line 7).
vim.api.nvim_buf_set_lines(buf, 6, 7, false,
  { '[lent]: report "The town library lent 12,400 books in the last year"' })
local misquote
local seen = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == 'quote-not-found' then misquote = d return true end
  end
  return false
end, 50)
if not seen then fail('no quote-not-found diagnostic: ' .. vim.inspect(vim.diagnostic.get(buf))) end
local related = misquote.user_data and misquote.user_data.lsp
  and misquote.user_data.lsp.relatedInformation
if not related or not related[1].location.uri:find('content/sources/report.md', 1, true) then
  fail('the misquote has no related source passage')
end

local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = { start = { line = 6, character = 20 }, ['end'] = { line = 6, character = 20 } },
  context = { diagnostics = {} },
}
local answers = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 20000) or {}
local fix
for _, answer in pairs(answers) do
  for _, action in ipairs(answer.result or {}) do
    if action.title == 'Replace with the closest passage' then fix = action end
  end
end
if not fix then fail('no "Replace with the closest passage" action: ' .. vim.inspect(answers)) end
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)

local clean = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) == 0
end, 50)
if not clean then fail('diagnostics after the fix: ' .. vim.inspect(vim.diagnostic.get(buf))) end
-- Ask the server about the citation (line 5, on "12,400 books") as the editor's own commands do.
local function ask(method, extra)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 4, character = 20 },
  }
  for k, v in pairs(extra or {}) do params[k] = v end
  local answers = vim.lsp.buf_request_sync(buf, method, params, 20000) or {}
  for _, answer in pairs(answers) do
    if answer.result then return answer.result end
  end
  fail(method .. ' gave no answer: ' .. vim.inspect(answers))
end

local hover = ask('textDocument/hover')
local shown = hover.contents and hover.contents.value or ''
if not shown:find('Library report', 1, true) or not shown:find('_12,400_', 1, true) then
  fail('the hover does not show the source and the marked figure: ' .. shown)
end

local definition = ask('textDocument/definition')
if definition[1] then definition = definition[1] end
if not definition.uri:find('content/sources/report.md', 1, true) or definition.range.start.line ~= 4 then
  fail('go to definition does not lead to the passage: ' .. vim.inspect(definition))
end

local references = ask('textDocument/references', { context = { includeDeclaration = true } })
local places = {}
for _, l in ipairs(references) do
  table.insert(places, vim.fn.fnamemodify(vim.uri_to_fname(l.uri), ':t') .. ':' .. l.range.start.line)
end
if table.concat(places, ' ') ~= 'report.md:4 index.md:4' then
  fail('find references: ' .. table.concat(places, ' '))
end

vim.cmd('write')
vim.cmd('qall!')
