/**
 * KL coefficient controllers for KL-in-reward RL (Ziegler et al. 2019, "Fine-Tuning Language
 * Models from Human Preferences", section 2.2): the reward is r - beta * lr with
 * lr = log pi(y) - log pi_0(y), and beta is either fixed or adapted towards a target KL.
 *
 * Names of the KL coefficient, one per role: `kl_coef` is the configured (initial) value (the
 * spec's optimizer.kl_coef, runs.kl_coef); `beta` is its value at a point (the controller's value,
 * curves.beta, the kl_tilt grid); β only in prose. exact_target's coefficient is solved once per
 * run (pool-rl.ts, kl-tilt.ts betaForKl) and recorded at every point in curves.beta; its resolved
 * config keeps kl_coef 0 (the run id hashes the resolved config) and runs.kl_coef reads null.
 */

export interface KlControllerOptions {
  /**
   * "fixed" keeps beta = kl_coef; "adaptive" is Ziegler et al.'s proportional controller;
   * "exact_target" keeps beta fixed at the value the optimiser solves for before training (pool
   * worlds: the beta at which the exact KL-regularised optimum of the run's proxy reaches
   * kl_target, kl-tilt.ts betaForKl), so the coefficient is on the proxy's own scale
   */
  readonly kl_control: "fixed" | "adaptive" | "exact_target";
  /** the (initial) coefficient beta (exact_target: replaced by the solved beta) */
  readonly kl_coef: number;
  /** target KL in nats (adaptive: of the policy; exact_target: of the exact optimum) */
  readonly kl_target: number;
  /** horizon in samples (adaptive only): how many samples a full 20% correction takes to act */
  readonly kl_horizon: number;
}

export interface KlController {
  /** the current coefficient */
  readonly value: number;
  /** reports the KL measured on a batch of `samples` samples; may change `value` */
  update(kl: number, samples: number): void;
}

/**
 * Ziegler et al. 2019's adaptive controller, in the form of their released code:
 *   1. e_t = clip(KL_t / KL_target - 1, -0.2, 0.2)     (proportional error, clipped)
 *   2. beta_{t+1} = beta_t * (1 + e_t * n_t / horizon)  (n_t samples in the batch)
 * The paper writes step 2 as beta (1 + K_beta e_t) with K_beta = 0.1; ours is that with
 * K_beta = n_t / horizon, so the speed of adaptation is stated in samples.
 */
export function klController(options: KlControllerOptions): KlController {
  const {kl_control, kl_coef, kl_target, kl_horizon} = options;
  let value = kl_coef;
  return {
    get value() {
      return value;
    },
    update(kl: number, samples: number) {
      if (kl_control !== "adaptive") return;
      const error = Math.min(Math.max(kl / kl_target - 1, -0.2), 0.2);
      value *= 1 + (error * samples) / kl_horizon;
    }
  };
}
