namespace ZImageSweep.Contracts.Jobs.Keys;

/// <summary>
/// <c>config.process[0]</c>: the keys ai-toolkit's diffusion_trainer process reads itself (BaseProcess,
/// BaseTrainProcess, BaseSDTrainProcess, DiffusionTrainer), plus our <c>validation</c>.
/// </summary>
public static class ProcessKeys
{
    public static readonly JobKeySection Section = new("process",
    [
        JobKey.Honoured("type", "diffusion_trainer"),
        JobKey.Honoured("training_folder", "output", "the run writes to <training_folder>/<name>"),
        JobKey.Honoured("device", "cuda"),
        JobKey.Honoured("trigger_word", "null"),
        JobKey.Honoured("training_seed", "null", "unset: a seed is drawn and recorded with the first checkpoint"),
        JobKey.Honoured("model", "{}"),
        JobKey.Honoured("network", "null"),
        JobKey.Honoured("save", "{}"),
        JobKey.Honoured("train", "{}"),
        JobKey.Honoured("datasets", "null"),
        JobKey.Honoured("sample", "{}"),
        JobKey.Honoured("logging", "{}", "its keys change nothing (see logging)"),
        JobKey.Extension("validation", "null", "held-out loss, Turbo drift and trigger leakage after every checkpoint"),
        JobKey.NoEffect("performance_log_every", "0", "timing log lines; ZImageSweep reports step times itself"),
        JobKey.NoEffect("sqlite_db_path", "./aitk_db.db", "the ai-toolkit UI's job database"),
        JobKey.NoEffect("log_dir", "null", "TensorBoard logs; ZImageSweep records metrics itself"),
        JobKey.NoEffect("torch_profiler", "false", "profiling output only"),
        JobKey.DefaultOnly("name", "null", "the process takes config.name"),
        JobKey.DefaultOnly("first_sample", "null", "a separate first-sample config is not implemented"),
        JobKey.DefaultOnly("guidance", "null", "guidance training is not implemented"),
        JobKey.DefaultOnly("embedding", "null", "textual-inversion embeddings are not implemented"),
        JobKey.DefaultOnly("decorator", "null", "decorators are not implemented"),
        JobKey.DefaultOnly("adapter", "null", "adapter training is not implemented"),
        JobKey.DefaultOnly("do_lorm", "false", "LoRM is not implemented"),
        JobKey.NoEffect("lorm_extract_mode", "ratio", "used only with do_lorm"),
        JobKey.NoEffect("lorm_extract_mode_param", "0.25", "used only with do_lorm"),
    ]);
}
