# a3s-code configuration, with every key it reads.
#
# Where it is looked for, first found wins:
#   1. the -c/--config flag          a3s-code -c agent.hcl "fix the tests"
#   2. $A3S_CONFIG
#   3. ~/.a3s/config.hcl
#   4. ./agent.hcl
# With no file at all, ANTHROPIC_API_KEY (+ ANTHROPIC_BASE_URL) or OPENAI_API_KEY
# (+ OPENAI_BASE_URL) in the environment is enough. $A3S_MODEL overrides default_model.
#
# env("NAME") reads an environment variable anywhere a string is expected, also inside
# strings ("${env("HOME")}/notes") and maps. An unset variable is an error when the file is
# loaded, except in a provider's api_key and an MCP server's env: those fail only when that
# provider or server is actually used, so one file can list providers you have no key for.
# Unknown keys are reported as warnings and ignored.

# The model used when no -m/--model is given: "provider/model". Everything after the first
# slash is the model id, so "openrouter/anthropic/claude-sonnet-4" works.
default_model = "anthropic/claude-sonnet-4-20250514"

# One providers block per LLM provider.
providers {
  # The name used before the slash in "provider/model".
  name = "anthropic"
  # The API key; env("VAR") keeps it out of the file.
  api_key = env("ANTHROPIC_API_KEY")
  # Optional: another endpoint (a proxy, a gateway). Default: the provider's public API.
  # base_url = "https://api.anthropic.com"
  # Optional: "anthropic" (Messages API) or "openai" (Chat Completions). Default: "anthropic"
  # for a provider named anthropic, "openai" for any other name.
  protocol = "anthropic"
  # Optional: extra HTTP headers sent with every request.
  headers = {}
  # Optional: retries on 429, 5xx and dropped connections. Default: the provider's own.
  max_retries = 3
  # Optional: seconds to wait for a response to start. Default: the provider's own.
  timeout = 600

  # Optional: what is known about a model; any model id can be used without a block.
  models {
    # The model id as the provider spells it ("id" is accepted too).
    name = "claude-sonnet-4-20250514"
    # Tokens the model reads at most.
    context_window = 200000
    # Tokens the model writes at most in one response ("max_output_tokens" is accepted too).
    max_tokens = 64000
    # Prices in US dollars per million tokens, for the cost shown in the status line.
    cost {
      input       = 3.0
      output      = 15.0
      cache_read  = 0.3
      cache_write = 3.75
    }
  }
}

providers {
  name    = "openai"
  api_key = env("OPENAI_API_KEY")
}

# Any OpenAI-compatible server works: Ollama, vLLM, llama.cpp, DeepSeek, OpenRouter...
providers {
  name     = "ollama"
  base_url = "http://127.0.0.1:11434/v1"
  protocol = "openai"
}

# The lane scheduler: control > query > execute > generate.
queue {
  # Read-only tool calls (read, grep, glob, ls, web_*) that may run at once.
  query_max_concurrency = 10
  # Tool calls that change things (bash, write, edit, patch) that may run at once.
  execute_max_concurrency = 1
  # LLM calls of one session that may run at once.
  generate_max_concurrency = 1
  # Collect per-lane counts and latencies (the dashboard and /queue show them).
  enable_metrics = true
  # Keep tasks that failed after their last retry in a dead-letter queue.
  enable_dlq = true
  # Pending tasks above which the queue reports pressure.
  pressure_threshold = 50
  # Timeout of a task that sets none, in milliseconds.
  default_timeout_ms = 600000
  # Per-lane timeouts in milliseconds; a lane without one uses default_timeout_ms.
  query_timeout_ms    = 120000
  execute_timeout_ms  = 600000
  generate_timeout_ms = 900000

  # Retries of failed tasks. Leave the block out to disable retrying.
  retry_policy {
    # "exponential", "fixed" or "none".
    strategy = "exponential"
    # Retries after the first failure.
    max_retries = 3
    # Delay before the first retry, in milliseconds.
    initial_delay_ms = 100
    # Upper bound of any retry delay, in milliseconds.
    max_delay_ms = 30000
  }

  # A cap on how many tasks start per time unit. Leave it out for no cap.
  rate_limit {
    # "per_second" or "per_minute".
    limit_type = "per_second"
    # Tasks allowed per unit.
    max_operations = 100
  }

  # Raises the priority of tasks that wait too long. Leave it out to disable.
  priority_boost {
    # "standard" or "none".
    strategy = "standard"
    # A task waiting longer than this many milliseconds is boosted.
    deadline_ms = 300000
  }
}

# The web_search tool.
search {
  # Seconds allowed for one search.
  timeout = 30
  # Engines by name: enabled, and how much each one's ranking counts.
  engine {
    google { enabled = true, weight = 1.5 }
    bing   { enabled = true, weight = 1.0 }
    duckduckgo {
      enabled = false
      weight  = 1.0
    }
  }
}

# MCP servers started with the agent; their tools appear as mcp__{name}__{tool}.
mcp_servers {
  # The server's name, used in its tools' names.
  name = "filesystem"
  # Program to start (stdio transport)...
  command = "npx"
  # ...and its arguments.
  args = ["-y", "@modelcontextprotocol/server-filesystem", "/workspace"]
  # Seconds allowed to connect and for each call.
  timeout = 30
}

mcp_servers {
  name    = "github"
  command = "npx"
  args    = ["-y", "@modelcontextprotocol/server-github"]
  # Extra environment variables for the program.
  env = { GITHUB_TOKEN = env("GITHUB_TOKEN") }
}

mcp_servers {
  name = "remote"
  # A remote server over streamable HTTP, instead of command.
  url = "http://127.0.0.1:8931/mcp"
}

# Which tool calls run, are refused, or need a yes. Rules: "tool" or "tool(pattern)" with
# * wildcards, matched against the command (bash) or the path (read, write, edit...).
# deny beats ask beats allow.
permissions {
  allow = ["read", "grep", "glob", "ls", "bash(cargo *)", "bash(git status*)"]
  deny  = ["bash(rm -rf *)"]
  ask   = ["bash(*)", "write", "edit", "patch"]
}

# Where sessions are saved: "file" (in sessions_dir) or "memory" (not saved).
storage_backend = "file"
# Directory of saved sessions, relative to the working directory.
sessions_dir = "./sessions"
# Extra directories searched for skills (SKILL.md files).
skill_dirs = ["./skills"]
# Extra directories searched for agent definitions.
agent_dirs = ["./agents"]
# Most LLM-call/tool-call rounds in one turn.
max_tool_rounds = 50
# Extended-thinking token budget for models that support it; 0 disables thinking.
thinking_budget = 10000
# Seconds a tool call may run before it is stopped.
tool_timeout = 120
