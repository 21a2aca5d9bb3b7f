/**
 * A tiny generator registry, as the spawner orchestrator keeps one: generators register under a
 * name, and a batch of jobs runs them all in parallel (Promise.all), each job getting its own
 * result or error.
 */
import type { GeneratedCode } from 'migration-generator'

/** A generator: sync or async, from its input spec to the orchestrator's output. */
export type Generator<Spec> = (spec: Spec) => GeneratedCode | Promise<GeneratedCode>

/** One unit of work: which generator, on which spec. */
export interface Job<Name extends string, Spec> {
  generator: Name
  spec: Spec
}

/** A job's outcome. */
export type Outcome<Name extends string> =
  | { generator: Name; ok: true; code: GeneratedCode }
  | { generator: Name; ok: false; error: string }

export class GeneratorRegistry<Specs extends Record<string, unknown>> {
  private readonly generators = new Map<keyof Specs, Generator<never>>()

  /** Registers a generator under a name; a name can be registered once. */
  register<Name extends keyof Specs & string>(name: Name, generator: Generator<Specs[Name]>): this {
    if (this.generators.has(name)) throw new Error(`generator '${name}' is already registered`)
    this.generators.set(name, generator as Generator<never>)
    return this
  }

  /** The registered names, in registration order. */
  names(): (keyof Specs & string)[] {
    return [...this.generators.keys()] as (keyof Specs & string)[]
  }

  /** Runs one job. */
  async run<Name extends keyof Specs & string>(job: Job<Name, Specs[Name]>): Promise<Outcome<Name>> {
    const generator = this.generators.get(job.generator) as Generator<Specs[Name]> | undefined
    if (!generator) return { generator: job.generator, ok: false, error: `no generator named '${job.generator}'` }
    try {
      return { generator: job.generator, ok: true, code: await generator(job.spec) }
    } catch (e) {
      return { generator: job.generator, ok: false, error: e instanceof Error ? e.message : String(e) }
    }
  }

  /** Runs every job in parallel; outcomes come back in the jobs' order. */
  runAll<Name extends keyof Specs & string>(jobs: readonly Job<Name, Specs[Name]>[]): Promise<Outcome<Name>[]> {
    return Promise.all(jobs.map((job) => this.run(job)))
  }
}
