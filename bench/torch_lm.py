"""The language model's peer in PyTorch, for `npm run bench` (bench/torch-peer.ts runs it).

The same architecture as loaders/policy/lm/model.ts (GPT-2's layout, read like nanoGPT): token and
position embeddings, pre-LN blocks of causal self-attention (fused q/k/v, 4 heads) and a GELU MLP
(tanh approximation, 4 x width), a final layer norm, the output layer tied to the token embedding;
GPT-2's initialisation. The same steps, timed as goodhart's bench times its own:
  sft: next-token cross-entropy on the response tokens of N sequences of T tokens (prompt of P
       tokens as context), one forward over all T positions, backward, Adam (lr 3e-3)  -- lm-bench.ts
  rl:  one RLOO step of B x S sequences (rl-lm-bench.ts): 1. sample R response tokens with a
       key/value cache at temperature 1; 2. the reference's log-probabilities (no gradient);
       3. a reward (here a cheap count of distinct tokens: goodhart's white-box reward is string
       work outside the model); 4. leave-one-out advantages with the KL penalty in the reward;
       5. the surrogate's forward + backward and Adam (lr 1e-3).
Tokens are random ids from the seed (the cost of a step does not depend on them).
Prints one JSON object on stdout; progress on stderr.
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--vocab", type=int, default=287)
    p.add_argument("--context", type=int, default=32)
    p.add_argument("--prompt-width", type=int, default=8)
    p.add_argument("--d-model", type=int, default=64)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--mlp-ratio", type=int, default=4)
    p.add_argument("--batch", type=int, default=64, help="SFT sequences per step")
    p.add_argument("--prompts", type=int, default=8, help="RL prompts per step B")
    p.add_argument("--samples", type=int, default=8, help="RL responses per prompt S")
    p.add_argument("--sft-steps", type=int, default=10)
    p.add_argument("--rl-steps", type=int, default=8)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--kl-coef", type=float, default=0.05)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--gemm-reps", type=int, default=5, help="timed passes over the SFT step's matrix products")
    p.add_argument("--dispatch-ops", type=int, default=2000, help="tiny element-wise ops timed for the fixed cost of a kernel")
    return p.parse_args()


class Block(torch.nn.Module):
    def __init__(self, C, H, m, layers):
        super().__init__()
        self.H = H
        self.ln1 = torch.nn.LayerNorm(C)
        self.attn = torch.nn.Linear(C, 3 * C)
        self.proj = torch.nn.Linear(C, C)
        self.ln2 = torch.nn.LayerNorm(C)
        self.fc = torch.nn.Linear(C, m * C)
        self.fc2 = torch.nn.Linear(m * C, C)
        for lin in (self.attn, self.proj, self.fc, self.fc2):
            std = 0.02 / math.sqrt(2 * layers) if lin in (self.proj, self.fc2) else 0.02
            torch.nn.init.normal_(lin.weight, 0.0, std)
            torch.nn.init.zeros_(lin.bias)

    def forward(self, x, bias, cache):
        B, Tn, C = x.shape
        q, k, v = self.attn(self.ln1(x)).split(C, dim=2)
        q, k, v = (t.view(B, Tn, self.H, C // self.H).transpose(1, 2) for t in (q, k, v))  # (B, H, Tn, hd)
        if cache is not None:
            k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)  # (B, H, Tk, hd)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(C // self.H) + bias, dim=-1)  # (B, H, Tn, Tk)
        y = (att @ v).transpose(1, 2).reshape(B, Tn, C)
        x = x + self.proj(y)
        x = x + self.fc2(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))
        return x, (k, v)


class Gpt(torch.nn.Module):
    def __init__(self, a):
        super().__init__()
        self.wte = torch.nn.Parameter(torch.randn(a.vocab, a.d_model) * 0.02)
        self.wpe = torch.nn.Parameter(torch.randn(a.context, a.d_model) * 0.02)
        self.blocks = torch.nn.ModuleList(Block(a.d_model, a.heads, a.mlp_ratio, a.layers) for _ in range(a.layers))
        self.lnf = torch.nn.LayerNorm(a.d_model)
        self.register_buffer("causal", torch.tril(torch.ones(a.context, a.context)))

    def forward(self, ids, start=0, cache=None):
        B, Tn = ids.shape
        Tk = start + Tn
        x = self.wte[ids] + self.wpe[start:Tk]  # (B, Tn, C)
        bias = (1 - self.causal[start:Tk, :Tk]) * -1e9  # (Tn, Tk); no padding in these batches
        out = []
        for i, block in enumerate(self.blocks):
            x, kv = block(x, bias, cache[i] if cache else None)
            out.append(kv)
        return self.lnf(x) @ self.wte.t(), out  # (B, Tn, V), weight tying


def timed(step, warmup, steps):
    """Steps per second of `steps` calls after `warmup` untimed ones."""
    for _ in range(warmup):
        step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    return steps / (time.perf_counter() - t)


def response_logp(model, seq, P):
    """log pi(response token | prefix), (N, R)."""
    logits, _ = model(seq)
    logp = torch.log_softmax(logits[:, P - 1 : -1], dim=-1)  # (N, R, V)
    return logp.gather(2, seq[:, P:, None])[..., 0]


def sft_rate(model, a, g):
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    P = a.prompt_width

    def step():
        seq = torch.randint(0, a.vocab, (a.batch, a.context), generator=g)
        loss = -response_logp(model, seq, P).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    return timed(step, a.warmup, a.sft_steps) * a.batch * a.context


@torch.no_grad()
def sample(model, prompts, R, g):
    """R tokens after each prompt, key/value cache, temperature 1."""
    logits, cache = model(prompts)
    tokens = []
    for t in range(R):
        nxt = torch.multinomial(torch.softmax(logits[:, -1], -1), 1, generator=g)  # (N, 1)
        tokens.append(nxt)
        if t + 1 < R:
            logits, step_cache = model(nxt, prompts.shape[1] + t, cache)
            cache = step_cache
    return torch.cat([prompts, *tokens], 1)


def rl_rate(model, reference, a, g):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    P, R, B, S = a.prompt_width, a.context - a.prompt_width, a.prompts, a.samples

    def step():
        prompts = torch.randint(0, a.vocab, (B, P), generator=g).repeat_interleave(S, 0)  # (B*S, P)
        seq = sample(model, prompts, R, g)  # 1.
        with torch.no_grad():
            ref = response_logp(reference, seq, P).sum(1)  # 2.
            old = response_logp(model, seq, P).sum(1)
        reward = torch.tensor([float(len(set(row))) for row in seq[:, P:].tolist()])  # 3.
        r = (reward - a.kl_coef * (old - ref)).view(B, S)  # 4.
        adv = (r - (r.sum(1, keepdim=True) - r) / (S - 1)).view(-1)
        loss = -(adv * response_logp(model, seq, P).sum(1)).mean()  # 5.
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    return timed(step, a.warmup, a.rl_steps) * B * S * a.context


def gemm_rate(a):
    """GFLOP/s of one SFT step's matrix products alone (what bounds a step that does nothing else).

    The shapes of loaders/measure/lm-bench.ts's lmMatmulShapes over batch x context rows, less the
    embedding (a gather on both sides): per layer q/k/v, output projection, the MLP's two products,
    then the tied output head. Each product [m, k] x [k, n] runs with its two gradient products
    (dC B^T and A^T dC), as a training step does; the attention scores are left out on both sides.
    """
    rows, C, m, V = a.batch * a.context, a.d_model, a.mlp_ratio, a.vocab
    layer = [(rows, C, 3 * C), (rows, C, C), (rows, C, m * C), (rows, m * C, C)]
    shapes = layer * a.layers + [(rows, C, V)]
    g = torch.Generator().manual_seed(a.seed)
    mats = [(torch.rand(M, K, generator=g) - 0.5, torch.rand(K, N, generator=g) - 0.5, torch.rand(M, N, generator=g) - 0.5) for M, K, N in shapes]

    def one_pass():
        t = time.perf_counter()
        for A, B, dC in mats:
            A @ B, dC @ B.t(), A.t() @ dC
        return time.perf_counter() - t

    one_pass()
    seconds = sorted(one_pass() for _ in range(a.gemm_reps))[a.gemm_reps // 2]
    return 3 * sum(2 * M * K * N for M, K, N in shapes) / seconds / 1e9


def dispatch_us(a):
    """Microseconds per tiny element-wise op (x + x on 8 x 8 floats): a kernel's fixed cost, its arithmetic nil."""
    x = torch.rand(8, 8)
    for _ in range(100):
        x + x
    t = time.perf_counter()
    for _ in range(a.dispatch_ops):
        x + x
    return (time.perf_counter() - t) / a.dispatch_ops * 1e6


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    g = torch.Generator().manual_seed(a.seed)
    model = Gpt(a)
    reference = Gpt(a)
    reference.load_state_dict(model.state_dict())
    sft = sft_rate(model, a, g)
    print(f"torch_lm: d {a.d_model}, {a.layers} layers: SFT {sft:.0f} tokens/s", file=sys.stderr)
    rl = rl_rate(model, reference, a, g)
    print(f"torch_lm: d {a.d_model}, {a.layers} layers: RL {rl:.0f} tokens/s", file=sys.stderr)
    gemm = gemm_rate(a)
    dispatch = dispatch_us(a)
    print(f"torch_lm: d {a.d_model}, {a.layers} layers: SFT products {gemm:.1f} GFLOP/s, {dispatch:.1f} us per small op", file=sys.stderr)
    blas = os.path.realpath("/etc/alternatives/libblas.so.3-x86_64-linux-gnu")  # Debian's BLAS alternative
    print(json.dumps({"torch_version": torch.__version__, "threads": torch.get_num_threads(), "blas": blas, "sft_tokens_per_s": sft, "rl_tokens_per_s": rl, "gemm_gflops": gemm, "dispatch_us": dispatch, "config": vars(a)}))


if __name__ == "__main__":
    main()
