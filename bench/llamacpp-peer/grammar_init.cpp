// Times llama.cpp's grammar construction for each grammar convert.py wrote: what llama_sampler_init_grammar does
// (GBNF parse, left-recursion check, initial stacks), called directly so that a grammar that fails to parse counts
// as an error (the sampler would silently constrain nothing).
//   grammar_init MODEL.gguf NAMES_FILE GBNF_DIR  >  name<TAB>milliseconds|error
// The model is loaded for its vocabulary only; building a grammar does not read it. SWEEP_MB (default 16) bytes are
// written between grammars, as convert.py does.
#include "llama.h"
#include "llama-grammar.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char ** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: grammar_init MODEL.gguf NAMES_FILE GBNF_DIR\n");
        return 2;
    }
    llama_log_set([](ggml_log_level, const char *, void *) {}, nullptr);
    llama_backend_init();
    auto params = llama_model_default_params();
    params.vocab_only = true;
    llama_model * model = llama_model_load_from_file(argv[1], params);
    if (!model) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
        return 1;
    }
    const llama_vocab * vocab = llama_model_get_vocab(model);
    const char * sweep_mb = getenv("SWEEP_MB");
    std::vector<char> sweep((size_t) atoi(sweep_mb ? sweep_mb : "16") << 20);
    std::ifstream names(argv[2]);
    std::string name;
    while (std::getline(names, name)) {
        std::ifstream in(std::string(argv[3]) + "/" + name + ".gbnf");
        std::stringstream text;
        text << in.rdbuf();
        const std::string grammar = text.str();
        for (size_t i = 0; i < sweep.size(); i += 64) sweep[i]++;
        const auto start = std::chrono::steady_clock::now();
        llama_grammar * built = llama_grammar_init_impl(vocab, grammar.c_str(), "root", false, nullptr, 0, nullptr, 0);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (built) {
            printf("%s.json\t%.5f\n", name.c_str(), ms);
            llama_grammar_free_impl(built);
        } else {
            printf("%s.json\terror\n", name.c_str());
        }
    }
    llama_model_free(model);
    return 0;
}
