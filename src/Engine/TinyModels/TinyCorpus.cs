namespace ZImageSweep.Engine.TinyModels;

/// <summary>
/// The English text the tiny tokenizer's merges are learned from: prompt-like descriptions, so that typical
/// prompts split into word-sized pieces. Written for this project; changing it changes every tiny model.
/// </summary>
public static class TinyCorpus
{
    public const string Text = """
        A photo of a cat sitting on a wooden table next to a window. The cat is orange and white, with green eyes.
        A portrait of a woman with long dark hair, wearing a red dress, standing in a field of yellow flowers.
        A photo of a dog running on the beach at sunset. The sky is orange and pink, and the water is calm.
        A painting of a small house in the mountains, with snow on the roof and smoke rising from the chimney.
        A close up photo of a red apple on a white plate, with soft light coming from the left side.
        A city street at night in the rain, with bright neon signs, wet roads and people walking with umbrellas.
        A watercolor painting of a bird sitting on a branch, with green leaves and a blue sky in the background.
        A photo of a young man with short hair and a beard, smiling, wearing a blue shirt and a black jacket.
        A bowl of hot soup on a kitchen table, with bread and a glass of water, in the style of a food photo.
        An old stone bridge over a river in a green forest, with morning light and a light fog over the water.
        A photo of a red car parked in front of a white house, with a tree and a garden in the front yard.
        A drawing of a robot walking through a field of tall grass, in the style of a children's book.
        A photo of two people sitting on a bench in a park in autumn, with orange and yellow leaves on the ground.
        A cup of coffee on a wooden table in a small cafe, with a book and a pair of glasses next to it.
        A mountain lake at sunrise, with the reflection of the mountains in the still water and pine trees around it.
        A photo of a child playing with a ball in a garden, wearing a yellow shirt, in bright summer light.
        A black and white photo of an old man reading a newspaper in a cafe, with soft light from the window.
        A digital painting of a castle on a hill, with a dark sky, lightning and a river flowing below it.
        A photo of a white horse standing in a green field, with mountains and clouds in the background.
        A still life painting of flowers in a glass vase on a table, with a white cloth and a window behind it.
        A photo of a woman walking her dog in the snow, wearing a long coat, a hat and a red scarf.
        A photo of a small boat on a blue lake, with green hills, white clouds and a bright summer sky above it.
        A portrait of an old woman with white hair and a warm smile, wearing a green sweater, in soft window light.
        A photo of a busy market in a small town, with fresh fruit, flowers and people walking between the stands.
        A painting of a ship on a stormy sea at night, with dark clouds, high waves and a light in the distance.
        A photo of a black cat sleeping on a red blanket next to a warm fire, in a cozy room with wooden walls.
        A close up portrait of a young girl with brown eyes and curly hair, looking at the camera, natural light.
        A photo of a train crossing a long bridge over a deep valley, with mountains and a river below it.
        A photo of a plate of pasta with tomato sauce and fresh basil on a wooden table in a small kitchen.
        A painting of a garden full of roses in the morning, with a stone path and a small white bench.
        A photo of a yellow taxi on a busy city street, with tall buildings, traffic lights and people on the sidewalk.
        A photo of a snowy forest at night, with tall pine trees, a full moon and soft blue light on the snow.
        A cartoon drawing of a happy dog wearing a red hat, sitting in front of a small house with a blue door.
        A sharp, detailed, high quality photo with natural colors, soft shadows and a shallow depth of field.
        """;
}
