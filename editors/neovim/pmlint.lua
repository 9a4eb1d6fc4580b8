-- pmlint's language server for Markdown buffers (Neovim 0.7 and later, no plugin needed):
-- diagnostics as you type, code actions, hover, the review deadline as a code lens, and
-- completion of owners, severities, priorities, statuses and section titles.
--
-- Put this file in your config (e.g. ~/.config/nvim/lua/pmlint.lua) and `require("pmlint")`
-- from init.lua, or source it. `pmlint` must be on PATH with the lsp extra:
-- `pipx install 'pmlint[lsp]'`. Set vim.g.pmlint_cmd to run it another way.

local clients = {} -- one server per project root

local function root_dir(file)
  local folder = vim.fn.fnamemodify(file, ":p:h")
  for _, name in ipairs({ ".pmlint.toml", "pyproject.toml" }) do
    local found = vim.fn.findfile(name, folder .. ";")
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h")
    end
  end
  local git = vim.fn.finddir(".git", folder .. ";")
  if git ~= "" then
    return vim.fn.fnamemodify(git, ":p:h:h")
  end
  return folder
end

local function attach(args)
  local buffer = args.buf
  local root = root_dir(vim.api.nvim_buf_get_name(buffer))
  if clients[root] == nil or vim.lsp.get_client_by_id(clients[root]) == nil then
    clients[root] = vim.lsp.start_client({
      name = "pmlint",
      cmd = vim.g.pmlint_cmd or { "pmlint", "server" },
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
      on_attach = function(_, attached)
        -- The review deadline ("review due in 2 business days (Thu 10 Dec)") on the header.
        vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "BufWritePost" }, {
          buffer = attached,
          callback = function() vim.lsp.codelens.refresh() end,
        })
      end,
    })
  end
  vim.lsp.buf_attach_client(buffer, clients[root])
end

-- Markdown (post-mortems, TODO.md) and the configuration files, so that saving
-- pyproject.toml or .pmlint.toml reloads the configuration.
vim.api.nvim_create_autocmd("FileType", { pattern = { "markdown", "toml" }, callback = attach })
