-- Convert handbooks with one long-lived pandoc process: `pandoc lua convert.lua`, which reads
-- the path of a jobs file per line on stdin (see the end of this file). A jobs file is a list
-- of {input, moment, outputs = [{format, path, reference_doc?, template?}], links?}.
-- Each input is read once (Markdown without raw HTML, TeX, attributes, citations, math or
-- bracketed spans, whose parser takes exponential time on nested brackets) and written
-- to every output. Images are replaced by their description, so no writer ever reads
-- a file that a YAML text points to, and links with other schemes than http, https and
-- mailto lose their target.

local INPUT = "markdown-raw_html-raw_tex-raw_attribute-citations-tex_math_dollars-tex_math_single_backslash-tex_math_double_backslash-bracketed_spans"

local function slurp(path)
  local handle = assert(io.open(path, "rb"))
  local text = handle:read("a")
  handle:close()
  return text
end

local function spit(path, text)
  local handle = assert(io.open(path, "wb"))
  handle:write(text)
  handle:close()
end

-- The same rule as the site's sanitizer (bouwstenen/sanitize.py), in pandoc's own AST:
-- a link keeps its target only for web, mail and relative addresses; every image goes.
local ALLOWED = { http = true, https = true, mailto = true }

local function allowed(target)
  local cleaned = target:gsub("[%c%s]", "")
  local scheme = cleaned:match("^([%a][%w+.-]*):")
  return scheme == nil or ALLOWED[scheme:lower()] == true
end

local safe = {
  Image = function(image) return pandoc.Span(image.caption) end,
  Link = function(link)
    if allowed(link.target) then return link end
    return pandoc.Span(link.content)
  end,
}

-- A job may map relative link targets to what they become inside its document (in the
-- guide, 'waarom-nu.md' becomes '#gids-waarom-nu'). In such a job every other link without
-- a scheme loses its target, a link to a part of a page too: a printed page has no neighbours.
local function inside(links)
  return {
    Link = function(link)
      if link.target:match("^[%a][%w+.-]*:") then return link end
      local mapped = links[link.target:match("^[^#?]*")]
      if mapped then
        link.target = mapped
        return link
      end
      return pandoc.Span(link.content)
    end,
  }
end

-- One line of JSON per step on stdout: how much CPU time reading and each writer took.
local function timed(step, action)
  local start = os.clock()
  local result = action()
  print(pandoc.json.encode({ step = step, seconds = os.clock() - start }))
  return result
end

local function convert(job)
  local doc = timed("read", function()
    local read = pandoc.read(slurp(job.input), INPUT):walk(safe)
    if job.links and next(job.links) then return read:walk(inside(job.links)) end
    return read
  end)
  for _, out in ipairs(job.outputs) do
    local options = { table_of_contents = true, toc_depth = 1 }
    if out.reference_doc then
      options.reference_doc = out.reference_doc
    end
    if out.template then
      options.template = pandoc.template.compile(slurp(out.template))
    elseif out.format == "odt" then
      -- A whole document, not a fragment: ODT needs its standalone template.
      options.template = pandoc.template.compile(pandoc.template.default("odt"))
    end
    timed(out.format, function() spit(out.path, pandoc.write(doc, out.format, options)) end)
  end
end

-- The date written into the documents is the build's (SOURCE_DATE_EPOCH), per job: one
-- pandoc serves every build of a long-lived process.
local function dated(job)
  local environment = pandoc.system.environment()
  environment.SOURCE_DATE_EPOCH = string.format("%d", job.moment)
  pandoc.system.with_environment(environment, function() convert(job) end)
end

-- The path of a jobs file per line on stdin (bouwstenen/pandoc.py); after its jobs one line
-- {"klaar": true}, or {"klaar": false, "fout": ...}: a failed job does not end the process.
for path in io.lines() do
  local ok, problem = pcall(function()
    for _, job in ipairs(pandoc.json.decode(slurp(path), false)) do dated(job) end
  end)
  if ok then
    print(pandoc.json.encode({ klaar = true }))
  else
    print(pandoc.json.encode({ klaar = false, fout = tostring(problem) }))
  end
  io.stdout:flush()
end
