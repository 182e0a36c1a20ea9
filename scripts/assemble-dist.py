#!/usr/bin/env python3
"""Assembles build/wasm/dist/, the folder a publisher copies:

  confide.js    the Emscripten glue and the web/ modules in one ES module (minified with
                npm terser once scripts/setup installed it), carrying the
                SHA-384 of confide.wasm, which it checks before instantiating it
  confide.wasm  the engine
  confide.css   reserves the element's box before the script runs
  embed.html    the snippet, with Subresource Integrity hashes for confide.js and confide.css
  the content   content/ as it is: assessments, publishers/, img/, schema/

The web/ modules stay plain ES modules; this joins them in import order, which works because
they follow three rules that it checks: imports are relative and at the top, top-level names
are unique across modules, and a CSS import (`with {type: 'css'}`) becomes a constructed
CSSStyleSheet.
"""
import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

HASH_PLACEHOLDER = "@CONFIDE_WASM_SHA384@"
IMPORT = re.compile(
    r"^import\s+(?P<what>[^;]*?)\s+from\s+'(?P<path>\./[^']+)'"
    r"(?P<css>\s+with\s+\{\s*type:\s*'css'\s*\})?;[ \t]*\n",
    re.M | re.S)
EXPORT_DECLARATION = re.compile(r"^export\s+(?=(?:async\s+)?function\b|class\b|const\b|let\b)", re.M)
EXPORT_LIST = re.compile(r"^export\s*\{[^}]*\};[ \t]*\n?", re.M)
EXPORT_DEFAULT = re.compile(r"^export\s+default\s+(\w+);[ \t]*\n?", re.M)
TOP_LEVEL_NAME = re.compile(r"^(?:async\s+)?(?:function|class|const|let|var)\s+(\w+)", re.M)


def fail(message):
    sys.exit(f"assemble-dist: {message}")


def sha384(data):
    return base64.b64encode(hashlib.sha384(data).digest()).decode()


def minify_js(script, node, terser):
    """Minifies with npm terser when scripts/setup has installed it; otherwise says so."""
    if not (node and terser and Path(terser).is_file()):
        print("assemble-dist: terser is not installed (run scripts/setup): confide.js is not "
              "minified", file=sys.stderr)
        return script
    result = subprocess.run(
        [node, terser, "--module", "--ecma", "2022", "--compress", "passes=2", "--mangle",
         "--comments", "false"],
        input=script, capture_output=True, text=True)
    if result.returncode:
        fail(f"terser failed: {result.stderr.strip()}")
    return result.stdout


def minify_css(css):
    # Comments out, each line trimmed, lines joined: enough for our hand-written CSS, whose
    # selectors and values never continue on the next line.
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return "".join(line.strip() for line in css.splitlines())


class Bundle:
    def __init__(self, glue):
        self.glue = glue
        self.done = set()
        self.parts = []
        self.names = {}

    def add(self, path, entry=False):
        path = path.resolve()
        if path in self.done:
            return
        self.done.add(path)
        text = path.read_text(encoding="utf-8")

        def replace_import(match):
            target = (path.parent / match["path"]).resolve()
            what = match["what"].strip()
            if match["css"]:
                if not re.fullmatch(r"\w+", what):
                    fail(f"{path.name}: a CSS import must be a default import")
                css = json.dumps(minify_css(target.read_text(encoding="utf-8")))
                return f"const {what} = new CSSStyleSheet();\n{what}.replaceSync({css});\n"
            if target.name == "confide.mjs":
                self.add_glue(what)
            else:
                self.add(target)
            return ""

        text = IMPORT.sub(replace_import, text)
        if re.search(r"^\s*import\b", text, re.M):
            fail(f"{path.name}: an import this script does not understand")
        text = EXPORT_DECLARATION.sub("", text)
        if not entry:
            text = EXPORT_LIST.sub("", text)
        if re.search(r"^export\b", text, re.M) and not entry:
            fail(f"{path.name}: an export this script does not understand")
        self.claim_names(path.name, text)
        self.parts.append(f"// {path.name}\n{text.strip()}\n")

    def add_glue(self, imported_name):
        if self.glue in self.done:
            return
        self.done.add(self.glue)
        text = self.glue.read_text(encoding="utf-8")
        exported = EXPORT_DEFAULT.findall(text)
        if exported != [imported_name]:
            fail(f"the glue exports {exported}, the entry imports {imported_name}")
        text = EXPORT_DEFAULT.sub("", text)
        self.claim_names("the Emscripten glue", text)
        self.parts.append(f"// the Emscripten glue\n{text.strip()}\n")

    def claim_names(self, where, text):
        for name in TOP_LEVEL_NAME.findall(text):
            if name in self.names:
                fail(f"{where} and {self.names[name]} both define {name} at the top level")
            self.names[name] = where


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--glue", type=Path, required=True, help="the glue emcc wrote (.mjs)")
    parser.add_argument("--wasm", type=Path, required=True)
    parser.add_argument("--web", type=Path, required=True, help="the web/ folder")
    parser.add_argument("--content", type=Path, required=True, help="the content/ folder")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--node", help="node, to run terser")
    parser.add_argument("--terser", help="terser's command-line script")
    args = parser.parse_args()

    wasm = args.wasm.read_bytes()
    bundle = Bundle(args.glue.resolve())
    bundle.add(args.web / "confide.js", entry=True)
    script = "\n".join(bundle.parts)
    if script.count(HASH_PLACEHOLDER) != 1:
        fail(f"{HASH_PLACEHOLDER} must appear exactly once in the modules")
    script = minify_js(script.replace(HASH_PLACEHOLDER, sha384(wasm)), args.node, args.terser)
    # The first line asks V8 (Chromium 136 and later) to compile every function of the file
    # while it downloads, on a background thread: the start runs nearly all of this code, and
    # otherwise each function is compiled on the main thread when it is first called. Other
    # engines read it as a comment.
    script = ("//# allFunctionsCalledOnLoad\n"
              "// Confide: the <confide-check> element and the engine's loader. The engine itself"
              " is confide.wasm, checked against its SHA-384 before it runs.\n"
              + script).encode("utf-8")
    if re.search(rb"\beval\(|new Function", script):
        fail("confide.js would contain eval or new Function")
    css = (args.web / "confide.css").read_bytes()

    out = args.out
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(args.content, out)
    (out / "confide.js").write_bytes(script)
    (out / "confide.wasm").write_bytes(wasm)
    (out / "confide.css").write_bytes(css)
    (out / "embed.html").write_text(f"""\
<!-- Confide: copy this folder to /confide/ on your site, then paste this snippet where the check
     should appear (the links and the script belong in <head>). The integrity hashes cover
     confide.js and confide.css; confide.js checks confide.wasm against its SHA-384 before
     running it. The preloads let the browser fetch the wasm and the check's files while it
     reads the page, instead of once the script has run: keep them naming the same files as
     the element's src and publisher attributes (drop the publisher's if there is none). -->
<link rel="stylesheet" href="/confide/confide.css" integrity="sha384-{sha384(css)}" crossorigin="anonymous">
<link rel="preload" href="/confide/confide.wasm" as="fetch" crossorigin="anonymous">
<link rel="preload" href="/confide/pcd.json" as="fetch" crossorigin="anonymous">
<link rel="preload" href="/confide/publishers/health-demo.json" as="fetch" crossorigin="anonymous">
<script type="module" src="/confide/confide.js" integrity="sha384-{sha384(script)}" crossorigin="anonymous"></script>
<confide-check src="/confide/pcd.json" publisher="/confide/publishers/health-demo.json"></confide-check>
""", encoding="utf-8")


if __name__ == "__main__":
    main()
