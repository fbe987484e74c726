print("organics: under construction")
