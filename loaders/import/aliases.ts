/**
 * Metric names as RLHF tools log them, by what they mean. For the roles a curve needs (step, proxy,
 * gold, kl), the first name of the list that a log holds is taken; the mapping (--step, --proxy,
 * ..., or a mapping file) overrides it. Every other metric keeps its value in imported_metrics, under
 * the canonical name below when it is a known alias (learning_rate for lr), else under its own key.
 *
 * Sources: TRL's PPO / RLOO trainers (objective/scores, objective/kl: a sampled k1 estimate per
 * sequence), TRL's GRPO trainer (reward, rewards/<fn>/mean, kl: a per-token k3 estimate, pass
 * --kl-estimator k3; completions/mean_length, formerly completion_length), TRL's old PPOTrainer
 * (env/reward_mean, objective/kl), Hugging Face's Trainer (loss, learning_rate, epoch, eval_*),
 * OpenRLHF (train/reward, train/kl on train/global_step; eval/* on eval/global_step), verl
 * (critic/score/mean: the raw reward model score; actor/reward_kl_penalty: KL to the reference in the
 * reward, actor/kl_loss with use_kl_loss; val-core/* validation), custom loops (reward_mean,
 * train_reward, kl), W&B history exports (_step, train/...). The gold column is found by ./gold.ts.
 */
export const roleAliases = {
  /** the optimisation step: an integer, one per logged row (episode and epoch are not steps) */
  step: ["step", "Step", "global_step", "train/global_step", "_step", "iteration", "iter"],
  /** the reward the policy is optimised against */
  proxy: ["objective/scores", "reward", "reward_mean", "env/reward_mean", "train_reward", "train/reward", "rewards/mean", "ppo/mean_scores", "critic/score/mean", "score", "scores", "proxy", "proxy_reward"],
  /** an independent judge of the same outputs (none of the tools logs one by default; other gold-like columns: ./gold.ts) */
  gold: ["gold", "gold_reward", "gold_score", "true_reward", "oracle_reward", "judge", "judge_score", "eval/gold_reward"],
  /** KL(pi || pi_ref), as the tool estimates it */
  kl: ["objective/kl", "kl", "train/kl", "env/kl", "kl_div", "kl_mean", "mean_kl", "actor/reward_kl_penalty", "actor/kl_loss"]
} as const;

export type Role = keyof typeof roleAliases;

/** Canonical names of other common metrics (imported_metrics.name), with the keys that mean them. */
export const metricAliases: Readonly<Record<string, readonly string[]>> = {
  learning_rate: ["learning_rate", "lr", "train/learning_rate", "train/lr", "actor/lr", "train/actor_lr"],
  completion_length: ["completions/mean_length", "completion_length", "response_length", "train/completion_length", "tokens/responses_len_mean", "response_length/mean", "train/response_length"],
  entropy: ["objective/entropy", "entropy", "policy/entropy", "train/entropy", "actor/entropy"],
  loss: ["loss", "train/loss", "train_loss"],
  reward_std: ["reward_std", "rewards/std", "train/reward_std", "objective/scores_std"],
  kl_coef: ["objective/kl_coef", "kl_coef", "beta", "actor/reward_kl_penalty_coeff", "actor/kl_coef"],
  grad_norm: ["grad_norm", "train/grad_norm", "actor/grad_norm"],
  policy_loss: ["actor/pg_loss", "train/policy_loss", "loss/policy_avg"],
  rlhf_reward: ["objective/rlhf_reward"],
  non_score_reward: ["objective/non_score_reward"],
  epoch: ["epoch", "train/epoch"],
  episode: ["episode", "train/episode"]
};

const canonical = new Map(Object.entries(metricAliases).flatMap(([name, keys]) => keys.map((k) => [k, name] as const)));

/** The canonical name of a logged key: a known alias's name, else the key itself. */
export function canonicalName(key: string): string {
  return canonical.get(key) ?? key;
}

/** The column a role reads in a log with these columns: the first alias present, or null. */
export function findRoleColumn(role: Role, columns: ReadonlySet<string>): string | null {
  return roleAliases[role].find((name) => columns.has(name)) ?? null;
}

/** `rewards/<fn>/mean` columns (one per reward function of TRL's GRPO). */
export function rewardFunctionColumns(columns: Iterable<string>): string[] {
  return [...columns].filter((c) => /^rewards\/[^/]+\/mean$/.test(c));
}
